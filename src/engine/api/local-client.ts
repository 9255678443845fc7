import { readLogChunk } from '../log-chunk.js';
import type { Actor, Command, CommandResult } from '../commands.js';
import type { Engine } from '../engine.js';
import type { EngineEvent } from '../events.js';
import { readJobLog } from '../ci/pipeline-api.js';
import type { ConnectionState, EngineClient, EngineSnapshot, Explanation, LogChunk, PipelineSnapshot, RepoDiff } from './engine-client.js';
import { diffHashes, explainHash, readPipeline } from './pipeline-reads.js';
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

  async pipeline(): Promise<PipelineSnapshot | null> {
    return readPipeline(this.engine);
  }

  async jobLog(runId: number, offset: number, limit: number): Promise<LogChunk> {
    return readJobLog(this.engine, runId, offset, limit);
  }

  async explain(hash: string, label: string): Promise<Explanation> {
    return explainHash(this.engine, hash, label);
  }

  async diff(fromHash: string, toHash: string): Promise<RepoDiff> {
    return diffHashes(this.engine, fromHash, toHash);
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
  return readLogChunk(build?.log_path ?? null, build ? build.status !== 'BUILDING' : true, offset, limit);
}
