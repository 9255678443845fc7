import type { Actor, Command, CommandResult } from '../area.js';
import type { Engine } from '../engine.js';
import type { EngineEvent } from '../events.js';
import type { QueryArgs, QueryName, QueryResult } from './contract.js';
import type { ConnectionState, EngineClient, EngineSnapshot } from './engine-client.js';
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

  async query<N extends QueryName>(name: N, args: QueryArgs<N>): Promise<QueryResult<N>> {
    return (await this.engine.query(name, args, this.actor)) as QueryResult<N>;
  }

  close(): void {}
}

/** Events the replay reads and delivers at a time; the event loop turns between batches. */
export const REPLAY_BATCH = 500;

/**
 * Replays events after `fromSeq` from the log, then follows live ones, with no gap and no repeat. The replay
 * runs in batches of REPLAY_BATCH with `setImmediate` between them, so a big log does not stall the process;
 * it starts only after this returns (the caller holds the unsubscribe before any event arrives) and stops as
 * soon as the subscription is cancelled. Live events during the replay are left to it: they are already in
 * the table, and the replay reads on until it has caught up.
 */
export function subscribeEvents(
  engine: Engine,
  fromSeq: number,
  onEvents: (events: EngineEvent[]) => void,
  onConnection?: (c: ConnectionState) => void,
): () => void {
  let last = fromSeq;
  let replaying = true;
  let cancelled = false;
  const deliver = (events: EngineEvent[]) => {
    if (cancelled) return;
    const fresh = events.filter((e) => e.seq > last);
    if (fresh.length === 0) return;
    last = fresh[fresh.length - 1]!.seq;
    onEvents(fresh);
  };
  const unsubscribeLive = engine.events.subscribe((e) => {
    if (replaying || cancelled) return;
    if (e.seq > last + 1) deliver(engine.events.read(last, e.seq - last));
    else deliver([e]);
  });
  let timer: NodeJS.Immediate | null = null;
  const replayBatch = () => {
    timer = null;
    if (cancelled) return;
    const batch = engine.events.read(last, REPLAY_BATCH);
    if (batch.length === 0) {
      // Caught up: nothing is emitted between this read and the switch (both in this same tick).
      replaying = false;
      return;
    }
    deliver(batch);
    if (!cancelled) timer = setImmediate(replayBatch);
  };
  timer = setImmediate(replayBatch);
  onConnection?.({ state: 'connected' });
  return () => {
    cancelled = true;
    if (timer) clearImmediate(timer);
    timer = null;
    unsubscribeLive();
  };
}
