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
 * The projected finish (ms): now plus the longest chain of remaining expected durations through the
 * dependencies (a running step counts what is left of its expected time, at least nothing).
 */
export function projectedFinish(steps: readonly TimedStep[], now: number): number {
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
  return now + Math.max(0, ...steps.map((s) => finishIn(s.id)));
}

/** `2:05` from milliseconds (hours:minutes); negative shown with a minus. */
export function hoursMinutes(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 60_000);
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Each reference line against a run: when the milestone was reached (or is projected), ahead or behind. */
export function againstReferences(reached: Partial<Record<Milestone, number>>, t0: number): { line: string; ahead: boolean | null }[] {
  return REFERENCES.map((r) => {
    const at = reached[r.milestone];
    const ref = r.hours * 3_600_000;
    if (at === undefined) return { line: `${r.release} ${r.hours} h ${r.what}: not reached yet`, ahead: null };
    const took = at - t0;
    return {
      line: `${r.release} ${r.hours} h ${r.what}: took ${hoursMinutes(took)} (${took <= ref ? 'ahead by' : 'behind by'} ${hoursMinutes(Math.abs(ref - took))})`,
      ahead: took <= ref,
    };
  });
}
