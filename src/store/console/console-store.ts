import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  applyEvents,
  consoleWordOf,
  type Command,
  type CommandResult,
  type ConnectionState,
  type EngineClient,
  type EngineEvent,
  type EngineSnapshot,
  type QueryName,
  type QueryResult,
} from '../../engine/client/index.js';
import { viewRefresh, type ViewRefresh } from './view-refresh.js';

/** The last thing the console has to tell the operator (a dispatch result or a refusal). */
export interface ConsoleMessage {
  ok: boolean;
  text: string;
  at: number;
}

/** The watched queries' latest answers, by query name (absent until the first answer). */
export type Views = { [N in QueryName]?: QueryResult<N> };

/** What the console knows about the engine; fed only through an EngineClient. */
export interface ConsoleState {
  snapshot: EngineSnapshot | null;
  views: Views;
  /** Why a watched query could not be answered (cleared by its next answer). */
  viewErrors: Partial<Record<QueryName, string>>;
  connection: ConnectionState;
  message: ConsoleMessage | null;
}

export interface ConsoleStore extends StoreApi<ConsoleState> {
  /**
   * Loads the snapshot and the watched views, then follows events from the snapshot's sequence number;
   * retries the load until it works. Starts once: later calls return the first call's promise.
   */
  start(): Promise<void>;
  stop(): void;
  dispatch(command: Command): Promise<CommandResult>;
  notify(ok: boolean, text: string): void;
}

export interface ConsoleStoreOptions {
  /** Queries (without arguments) the panes draw: fetched at start and again after the events that change them. */
  watch?: readonly QueryName[];
  /** Events are applied at most this often, so the console redraws a few times per second at most. */
  flushMs?: number;
  retryMs?: number;
  /** A watched view is refetched at most this often while its events arrive. */
  viewMs?: number;
}

export function createConsoleStore(client: EngineClient, options: ConsoleStoreOptions = {}): ConsoleStore {
  const flushMs = options.flushMs ?? 200;
  const retryMs = options.retryMs ?? 2000;
  const watch = options.watch ?? [];
  const store = createStore<ConsoleState>(() => ({
    snapshot: null,
    views: {},
    viewErrors: {},
    connection: { state: 'connecting', attempt: 0 },
    message: null,
  }));
  let pending: EngineEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let lastFlush = 0;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  let started: Promise<void> | null = null;
  /** Refetched views waiting for the next flush, so a batch of events and its views draw in one frame. */
  let fetched: Views = {};
  let fetchErrors: Partial<Record<QueryName, string | undefined>> = {};
  let refreshes: ViewRefresh[] = [];

  const flush = () => {
    flushTimer = null;
    lastFlush = Date.now();
    const events = pending;
    pending = [];
    const views = fetched;
    const errors = fetchErrors;
    fetched = {};
    fetchErrors = {};
    const s = store.getState();
    if (!s.snapshot) return;
    const changedViews = Object.keys(views).length > 0;
    const changedErrors = Object.keys(errors).length > 0;
    if (events.length === 0 && !changedViews && !changedErrors) return;
    store.setState({
      snapshot: events.length > 0 ? applyEvents(s.snapshot, events) : s.snapshot,
      ...(changedViews ? { views: { ...s.views, ...views } } : {}),
      ...(changedErrors ? { viewErrors: withErrors(s.viewErrors, errors) } : {}),
    });
  };
  const scheduleFlush = () => {
    if (stopped) return;
    flushTimer ??= setTimeout(flush, Math.max(0, lastFlush + flushMs - Date.now()));
  };

  const startViews = (snapshot: EngineSnapshot) => {
    refreshes = watch.map((name) => {
      const changesOn = new Set(snapshot.catalog.queries.find((q) => q.name === name)?.changesOn ?? []);
      return viewRefresh(
        () => client.query(name, {} as never),
        (e) => changesOn.has(e.type),
        (value) => {
          (fetched as Record<string, unknown>)[name] = value;
          fetchErrors[name] = undefined;
          scheduleFlush();
        },
        options.viewMs,
        (err) => {
          fetchErrors[name] = err instanceof Error ? err.message : String(err);
          scheduleFlush();
        },
      );
    });
  };

  const onEvents = (events: EngineEvent[]) => {
    if (stopped) return;
    pending.push(...events);
    for (const r of refreshes) r.noteEvents(events);
    scheduleFlush();
  };

  /** The watched views, fetched once before the first frame is drawn (failures are left to their refresh). */
  const loadViews = async (): Promise<Pick<ConsoleState, 'views' | 'viewErrors'>> => {
    const answers = await Promise.allSettled(watch.map((name) => client.query(name, {} as never)));
    const views: Record<string, unknown> = {};
    const viewErrors: Record<string, string> = {};
    answers.forEach((a, i) => {
      if (a.status === 'fulfilled') views[watch[i]!] = a.value;
      else viewErrors[watch[i]!] = a.reason instanceof Error ? a.reason.message : String(a.reason);
    });
    return { views: views as Views, viewErrors };
  };

  const load = async (attempt: number): Promise<void> => {
    try {
      const snapshot = await client.snapshot();
      const views = await loadViews();
      if (stopped) return;
      store.setState({ snapshot, ...views });
      startViews(snapshot);
      let live = false;
      unsubscribe = client.subscribe(snapshot.seq, onEvents, (connection) => {
        if (stopped) return;
        store.setState({ connection });
        // Back after a gap: the views may have changed while nobody was listening.
        if (connection.state === 'connected' && live) for (const r of refreshes) r.request();
        live ||= connection.state === 'connected';
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
      for (const r of refreshes) r.stop();
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
      if (!stopped)
        notify(
          result.ok,
          `${command.name}: ${result.ok || !result.error || result.error.kind === 'internal' ? '' : `${consoleWordOf(result.error.kind)}: `}${result.message}`,
        );
      return result;
    },
    notify,
  });
}

function withErrors(current: ConsoleState['viewErrors'], changes: Partial<Record<QueryName, string | undefined>>): ConsoleState['viewErrors'] {
  const next: Record<string, string> = { ...current };
  for (const [name, error] of Object.entries(changes)) {
    if (error === undefined) delete next[name];
    else next[name] = error;
  }
  return next;
}
