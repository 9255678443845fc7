import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Command, CommandResult } from '../engine/commands.js';
import type { ConnectionState, EngineClient, EngineSnapshot, PipelineSnapshot } from '../engine/api/engine-client.js';
import { applyEvents } from '../engine/api/reduce.js';
import type { EngineEvent } from '../engine/events.js';
import { pipelineRefresh } from './pipeline-refresh.js';

/** The last thing the console has to tell the operator (a dispatch result or a refusal). */
export interface ConsoleMessage {
  ok: boolean;
  text: string;
  at: number;
}

/** What the console knows about the engine; fed only through an EngineClient. */
export interface ConsoleState {
  snapshot: EngineSnapshot | null;
  connection: ConnectionState;
  message: ConsoleMessage | null;
}

export interface ConsoleStore extends StoreApi<ConsoleState> {
  /**
   * Loads the snapshot and follows events from its sequence number; retries the load until it works. Starts
   * once: later calls return the first call's promise.
   */
  start(): Promise<void>;
  stop(): void;
  dispatch(command: Command): Promise<CommandResult>;
  notify(ok: boolean, text: string): void;
}

export interface ConsoleStoreOptions {
  /** Events are applied at most this often, so the console redraws a few times per second at most. */
  flushMs?: number;
  retryMs?: number;
  /** The pipeline is refetched at most this often while pipeline events arrive. */
  pipelineMs?: number;
}

export function createConsoleStore(client: EngineClient, options: ConsoleStoreOptions = {}): ConsoleStore {
  const flushMs = options.flushMs ?? 200;
  const retryMs = options.retryMs ?? 2000;
  const store = createStore<ConsoleState>(() => ({ snapshot: null, connection: { state: 'connecting', attempt: 0 }, message: null }));
  let pending: EngineEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let lastFlush = 0;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  let started: Promise<void> | null = null;
  /** A refetched pipeline waiting for the next flush (undefined: none). */
  let fetchedPipeline: PipelineSnapshot | null | undefined;

  const flush = () => {
    flushTimer = null;
    lastFlush = Date.now();
    const events = pending;
    pending = [];
    const fetched = fetchedPipeline;
    fetchedPipeline = undefined;
    const snapshot = store.getState().snapshot;
    if (!snapshot || (events.length === 0 && fetched === undefined)) return;
    const next = events.length > 0 ? applyEvents(snapshot, events) : snapshot;
    store.setState({ snapshot: fetched === undefined ? next : { ...next, pipeline: fetched } });
  };
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(flush, Math.max(0, lastFlush + flushMs - Date.now()));
  };

  const pipeline = pipelineRefresh(
    client,
    (p) => {
      fetchedPipeline = p;
      if (!stopped) scheduleFlush();
    },
    options.pipelineMs,
  );

  const onEvents = (events: EngineEvent[]) => {
    if (stopped) return;
    pending.push(...events);
    // Without a pipeline configured there is nothing to refetch.
    if (store.getState().snapshot?.pipeline) pipeline.noteEvents(events);
    scheduleFlush();
  };

  const load = async (attempt: number): Promise<void> => {
    try {
      const snapshot = await client.snapshot();
      if (stopped) return;
      store.setState({ snapshot });
      unsubscribe = client.subscribe(snapshot.seq, onEvents, (connection) => {
        if (!stopped) store.setState({ connection });
      });
    } catch (err) {
      if (stopped) return;
      store.setState({ connection: { state: 'connecting', attempt: attempt + 1, error: err instanceof Error ? err.message : String(err) } });
      await new Promise<void>((resolve) => {
        retryTimer = setTimeout(resolve, retryMs);
      });
      if (!stopped) return load(attempt + 1);
    }
  };

  const notify = (ok: boolean, text: string) => store.setState({ message: { ok, text, at: Date.now() } });

  return Object.assign(store, {
    start: () => (started ??= load(0)),
    stop() {
      stopped = true;
      unsubscribe?.();
      pipeline.stop();
      if (flushTimer) clearTimeout(flushTimer);
      if (retryTimer) clearTimeout(retryTimer);
    },
    async dispatch(command: Command): Promise<CommandResult> {
      let result: CommandResult;
      try {
        result = await client.dispatch(command);
      } catch (err) {
        result = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      if (!stopped) notify(result.ok, `${command.name}: ${result.message}`);
      return result;
    },
    notify,
  });
}
