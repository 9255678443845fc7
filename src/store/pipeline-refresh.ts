import type { EngineClient, PipelineSnapshot } from '../engine/api/engine-client.js';
import type { EngineEvent, EventType } from '../engine/events.js';

/** Events after which the pipeline view may have changed (it is refetched, not derived from them). */
const PIPELINE_EVENTS: ReadonlySet<EventType> = new Set<EventType>(['node.state', 'job.queued', 'job.started', 'job.finished', 'vote.recorded', 'promotion', 'promoter.pass', 'link.moved']);

export function touchesPipeline(events: readonly EngineEvent[]): boolean {
  return events.some((e) => PIPELINE_EVENTS.has(e.type));
}

export interface PipelineRefresh {
  /** Asks for a refetch if any of `events` touches the pipeline. */
  noteEvents(events: readonly EngineEvent[]): void;
  stop(): void;
}

/**
 * Refetches the pipeline after pipeline events: at most one request in flight and one every `minIntervalMs`;
 * events arriving meanwhile are coalesced into the next request. Failures are left to the next event.
 */
export function pipelineRefresh(client: Pick<EngineClient, 'pipeline'>, onPipeline: (pipeline: PipelineSnapshot | null) => void, minIntervalMs = 500): PipelineRefresh {
  let wanted = false;
  let inFlight = false;
  let timer: NodeJS.Timeout | null = null;
  let lastStart = 0;
  let stopped = false;

  const schedule = () => {
    if (stopped || !wanted || inFlight || timer) return;
    timer = setTimeout(fetch, Math.max(0, lastStart + minIntervalMs - Date.now()));
  };

  const fetch = () => {
    timer = null;
    wanted = false;
    inFlight = true;
    lastStart = Date.now();
    client.pipeline().then(
      (pipeline) => {
        inFlight = false;
        if (stopped) return;
        onPipeline(pipeline);
        schedule();
      },
      () => {
        inFlight = false;
        schedule();
      },
    );
  };

  return {
    noteEvents(events) {
      if (!touchesPipeline(events)) return;
      wanted = true;
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
