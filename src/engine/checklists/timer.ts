import type { Milestone } from './runbook-schema.js';

/** RDO's references, from upstream GA (T0): Newton 10 h to publication, 4 h to stable tags; Ocata 2 h. */
export const REFERENCES: readonly { release: string; milestone: Milestone; hours: number; what: string }[] = [
  { release: 'Newton', milestone: 'published', hours: 10, what: 'GA → published repositories' },
  { release: 'Newton', milestone: 'stable-tagged', hours: 4, what: 'GA → stable tagging' },
  { release: 'Ocata', milestone: 'builds-ci', hours: 2, what: 'GA → stable builds and CI done' },
];

export interface TimedStep {
  id: string;
  needs: readonly string[];
  minutes: number;
  /** Finished (done or skipped): takes no more time. */
  finished: boolean;
  /** When it started, if it is running (ms). */
  startedAt?: number | null;
}

/**
 * When each step is projected to be finished (ms): now plus the longest chain of remaining expected durations
 * through its dependencies (a running step counts what is left of its expected time, at least nothing).
 */
export function projectedFinishes(steps: readonly TimedStep[], now: number): Map<string, number> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const memo = new Map<string, number>();
  const remaining = (s: TimedStep) => {
    if (s.finished) return 0;
    const full = s.minutes * 60_000;
    return s.startedAt !== undefined && s.startedAt !== null ? Math.max(0, full - (now - s.startedAt)) : full;
  };
  // Time from now until a step is finished: its own remaining time after the latest of its needs.
  const finishIn = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const s = byId.get(id)!;
    const after = Math.max(0, ...s.needs.map(finishIn));
    const t = after + remaining(s);
    memo.set(id, t);
    return t;
  };
  return new Map(steps.map((s) => [s.id, now + finishIn(s.id)]));
}

/** The projected finish of the whole run (ms): the latest of its steps' projected finishes. */
export function projectedFinish(steps: readonly TimedStep[], now: number): number {
  return Math.max(now, ...projectedFinishes(steps, now).values());
}

/**
 * The critical path: from the step projected to finish last, back through the need that finishes last, to a
 * step with no unfinished need. Step ids, first to last.
 */
export function criticalPath(steps: readonly TimedStep[], now: number): string[] {
  const at = projectedFinishes(steps, now);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const open = steps.filter((s) => !s.finished);
  if (open.length === 0) return [];
  let cur: TimedStep | undefined = open.reduce((a, b) => (at.get(b.id)! > at.get(a.id)! ? b : a));
  const path: string[] = [];
  while (cur) {
    path.unshift(cur.id);
    const needs: TimedStep[] = cur.needs.map((n) => byId.get(n)!).filter((n) => !n.finished);
    cur = needs.length ? needs.reduce((a, b) => (at.get(b.id)! > at.get(a.id)! ? b : a)) : undefined;
  }
  return path;
}

/** `2:05` from milliseconds (hours:minutes); negative shown with a minus. */
export function hoursMinutes(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 60_000);
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** `0:07:26` from milliseconds (hours:minutes:seconds): a step's or a run's measured time. */
export function hoursMinutesSeconds(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return `${hoursMinutes(total * 1000)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Each reference line against a run: when the milestone was reached (or, given, when it is projected to be),
 * ahead or behind.
 */
export function againstReferences(
  reached: Partial<Record<Milestone, number>>,
  t0: number,
  projected: Partial<Record<Milestone, number>> = {},
): { line: string; ahead: boolean | null }[] {
  return REFERENCES.map((r) => {
    const at = reached[r.milestone];
    const ref = r.hours * 3_600_000;
    const head = `${r.release} ${r.hours} h ${r.what}`;
    if (at === undefined) {
      const p = projected[r.milestone];
      if (p === undefined) return { line: `${head}: not reached yet`, ahead: null };
      const by = p - t0;
      return { line: `${head}: projected ${hoursMinutes(by)} (${by <= ref ? 'ahead by' : 'behind by'} ${hoursMinutes(Math.abs(ref - by))})`, ahead: by <= ref };
    }
    const took = at - t0;
    return {
      line: `${head}: took ${hoursMinutes(took)} (${took <= ref ? 'ahead by' : 'behind by'} ${hoursMinutes(Math.abs(ref - took))})`,
      ahead: took <= ref,
    };
  });
}
