import type { Milestone } from './runbook-schema.js';
import { againstReferences, criticalPath, hoursMinutes, projectedFinishes, type TimedStep } from './timer.js';
import { FINISHED, type RunView } from './view.js';

export interface RunTimer {
  /** Since T0: up to now, or to the run's end. */
  elapsedMs: number;
  /** When the run is projected to finish (its end once finished). */
  projectedFinishAt: number;
  /** The steps left on the longest remaining chain, first to last. */
  criticalPath: string[];
  /** `elapsed 1:10 · projected finish 2:45 after T0`. */
  summary: string;
  /** The reference lines: Newton 10 h and 4 h, Ocata 2 h, each reached (took) or projected. */
  lines: { line: string; ahead: boolean | null }[];
}

/** The GA timer of a run at `now` (pure: the console recomputes it every second). */
export function runTimer(run: RunView, now: number): RunTimer {
  // A console clock a little behind the engine must not read a negative time.
  const end = run.finishedAt ?? Math.max(now, run.t0);
  const timed: TimedStep[] = run.steps.map((s) => ({
    id: s.id,
    needs: s.needs,
    minutes: s.minutes,
    finished: FINISHED.includes(s.state),
    startedAt: s.state === 'running' || s.state === 'waiting' ? s.startedAt : s.status === 'ready' ? s.readyAt : null,
  }));
  const at = projectedFinishes(timed, end);
  const reached: Partial<Record<Milestone, number>> = {};
  const projected: Partial<Record<Milestone, number>> = {};
  for (const s of run.steps) {
    if (!s.milestone) continue;
    if (s.state === 'done' && s.finishedAt !== null) reached[s.milestone] = s.finishedAt;
    else if (s.state !== 'skipped') projected[s.milestone] = at.get(s.id)!;
  }
  const projectedFinishAt = run.finishedAt ?? Math.max(end, ...at.values());
  const elapsedMs = end - run.t0;
  const summary =
    run.state === 'done'
      ? `${run.abortedReason === null ? 'finished' : 'aborted'} ${hoursMinutes(elapsedMs)} after T0`
      : `elapsed ${hoursMinutes(elapsedMs)} · projected finish ${hoursMinutes(projectedFinishAt - run.t0)} after T0 (${hoursMinutes(projectedFinishAt - now)} to go)`;
  return {
    elapsedMs,
    projectedFinishAt,
    criticalPath: run.state === 'done' ? [] : criticalPath(timed, end),
    summary,
    lines: againstReferences(reached, run.t0, projected),
  };
}
