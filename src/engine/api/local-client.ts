import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Actor, Command, CommandResult } from '../commands.js';
import type { Engine } from '../engine.js';
import type { EngineEvent } from '../events.js';
import type { ConnectionState, EngineClient, EngineSnapshot, LogChunk } from './engine-client.js';
import { takeSnapshot } from './snapshot.js';

/** The console's view of an engine running in this process. */
export class LocalClient implements EngineClient {
  readonly where = 'local';

  constructor(
    private readonly engine: Engine,
    private readonly actor: Actor,
  ) {}

  async snapshot(): Promise<EngineSnapshot> {
    return takeSnapshot(this.engine, this.actor);
  }

  subscribe(fromSeq: number, onEvents: (events: EngineEvent[]) => void, onConnection?: (c: ConnectionState) => void): () => void {
    return subscribeEvents(this.engine, fromSeq, onEvents, onConnection);
  }

  dispatch(command: Command): Promise<CommandResult> {
    return this.engine.dispatch(command, this.actor);
  }

  async buildLog(buildId: number, offset: number, limit: number): Promise<LogChunk> {
    return readBuildLog(this.engine, buildId, offset, limit);
  }

  close(): void {}
}

/** Replays events after `fromSeq` from the log, then follows live ones, with no gap and no repeat. */
export function subscribeEvents(engine: Engine, fromSeq: number, onEvents: (events: EngineEvent[]) => void, onConnection?: (c: ConnectionState) => void): () => void {
  let last = fromSeq;
  const deliver = (events: EngineEvent[]) => {
    const fresh = events.filter((e) => e.seq > last);
    if (fresh.length === 0) return;
    last = fresh[fresh.length - 1]!.seq;
    onEvents(fresh);
  };
  const unsubscribe = engine.events.subscribe((e) => {
    if (e.seq > last + 1) deliver(engine.events.read(last, e.seq - last));
    else deliver([e]);
  });
  for (let batch = engine.events.read(last); batch.length > 0; batch = engine.events.read(last)) deliver(batch);
  onConnection?.({ state: 'connected' });
  return unsubscribe;
}

export function readBuildLog(engine: Engine, buildId: number, offset: number, limit: number): LogChunk {
  const build = engine.store.buildById(buildId);
  if (!build?.log_path) return { text: '', offset: 0, complete: build ? build.status !== 'BUILDING' : true, truncated: false };
  const complete = build.status !== 'BUILDING';
  let fd: number;
  try {
    fd = openSync(build.log_path, 'r');
  } catch {
    return { text: '(log not found)', offset: 0, complete, truncated: false };
  }
  try {
    const size = fstatSync(fd).size;
    const start = offset < 0 ? Math.max(0, size - limit) : Math.min(offset, size);
    const length = Math.min(limit, size - start);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, start);
    return { text: buf.toString('utf8'), offset: start + length, complete, truncated: start > 0 && offset <= 0 };
  } finally {
    closeSync(fd);
  }
}
