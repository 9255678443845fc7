import type { EngineEvent } from '../../engine/client/index.js';

export interface ViewRefresh {
  /** Asks for a refetch if any of `events` changes the view. */
  noteEvents(events: readonly EngineEvent[]): void;
  /** Asks for a refetch now (at the rate limit). */
  request(): void;
  stop(): void;
}

/**
 * Refetches a view after the events that change it: at most one request in flight and one every
 * `minIntervalMs`; events arriving meanwhile are coalesced into the next request. Failures wait for the next event.
 */
export function viewRefresh<T>(
  fetch: () => Promise<T>,
  changes: (e: EngineEvent) => boolean,
  onResult: (value: T) => void,
  minIntervalMs = 500,
  onError: (err: unknown) => void = () => undefined,
): ViewRefresh {
  let wanted = false;
  let inFlight = false;
  let timer: NodeJS.Timeout | null = null;
  let lastStart = -Infinity;
  let stopped = false;

  const schedule = () => {
    if (stopped || !wanted || inFlight || timer) return;
    timer = setTimeout(run, Math.max(0, lastStart + minIntervalMs - Date.now()));
  };

  const run = () => {
    timer = null;
    wanted = false;
    inFlight = true;
    lastStart = Date.now();
    fetch().then(
      (value) => {
        inFlight = false;
        if (stopped) return;
        onResult(value);
        schedule();
      },
      (err: unknown) => {
        inFlight = false;
        if (!stopped) onError(err);
        schedule();
      },
    );
  };

  return {
    noteEvents(events) {
      if (!events.some(changes)) return;
      wanted = true;
      schedule();
    },
    request() {
      wanted = true;
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
