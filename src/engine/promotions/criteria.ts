/** Pure promotion rules: what votes mean for a set of criteria, and which candidate a target moves to. */

export interface VoteLike {
  ci_name: string;
  ci_vote: number;
  ci_in_progress: number;
  timestamp: number;
}

export type JobVerdict = 'success' | 'failure' | 'in-progress';

/** Per job: whether it ever voted success on the hash, and what its latest vote says. */
export function verdicts(votes: readonly VoteLike[]): Map<string, { passed: boolean; latest: JobVerdict }> {
  const out = new Map<string, { passed: boolean; latest: JobVerdict; at: number }>();
  for (const v of votes) {
    const verdict: JobVerdict = v.ci_in_progress ? 'in-progress' : v.ci_vote ? 'success' : 'failure';
    const seen = out.get(v.ci_name);
    const passed = (seen?.passed ?? false) || verdict === 'success';
    if (!seen || v.timestamp >= seen.at) out.set(v.ci_name, { passed, latest: verdict, at: v.timestamp });
    else seen.passed = passed;
  }
  return new Map([...out].map(([k, { passed, latest }]) => [k, { passed, latest }]));
}

export interface Criteria {
  criteria: readonly string[];
  /** Per criterion, jobs whose success counts in its place. */
  alternatives: Readonly<Record<string, readonly string[]>>;
}

export interface Evaluation {
  /** Criteria met, each by itself or by an alternative (see satisfiedBy). */
  passed: string[];
  /** Criteria not met yet. */
  missing: string[];
  /** Missing criteria whose latest vote failed / is still running. */
  failed: string[];
  inProgress: string[];
  satisfiedBy: Record<string, string>;
  covered: boolean;
}

export function evaluateCriteria(c: Criteria, votes: readonly VoteLike[]): Evaluation {
  const v = verdicts(votes);
  const e: Evaluation = { passed: [], missing: [], failed: [], inProgress: [], satisfiedBy: {}, covered: false };
  for (const criterion of c.criteria) {
    const by = [criterion, ...(c.alternatives[criterion] ?? [])].find((job) => v.get(job)?.passed);
    if (by) {
      e.passed.push(criterion);
      e.satisfiedBy[criterion] = by;
      continue;
    }
    e.missing.push(criterion);
    const latest = v.get(criterion)?.latest;
    if (latest === 'failure') e.failed.push(criterion);
    else if (latest === 'in-progress') e.inProgress.push(criterion);
  }
  e.covered = c.criteria.length > 0 && e.missing.length === 0;
  return e;
}

export interface CandidateInput {
  path: string;
  buildStatus: string;
  purged: boolean;
  votes: readonly VoteLike[];
}

export interface CandidateVerdict {
  path: string;
  evaluation: Evaluation;
  /** Why it cannot be promoted regardless of votes. */
  blockers: string[];
  promotable: boolean;
}

/**
 * Candidates newest first, already cut at the target's hash. The first promotable one wins; the incumbent,
 * a build that is not SUCCESS and a purged repo never do.
 */
export function pickCandidate(
  candidates: readonly CandidateInput[],
  holds: string | null,
  c: Criteria,
): { chosen: string | null; verdicts: CandidateVerdict[] } {
  const out: CandidateVerdict[] = candidates.map((cand) => {
    const blockers: string[] = [];
    if (cand.path === holds) blockers.push('the target already holds it');
    if (cand.buildStatus !== 'SUCCESS') blockers.push(`its build is ${cand.buildStatus}, not SUCCESS`);
    if (cand.purged) blockers.push('its repo was purged');
    const evaluation = evaluateCriteria(c, cand.votes);
    return { path: cand.path, evaluation, blockers, promotable: blockers.length === 0 && evaluation.covered };
  });
  return { chosen: out.find((v) => v.promotable)?.path ?? null, verdicts: out };
}

/** Cuts a newest-first candidate list at the hash the target holds (exclusive). */
export function cutAt(paths: readonly string[], holds: string | null): string[] {
  const i = holds === null ? -1 : paths.indexOf(holds);
  return i < 0 ? [...paths] : paths.slice(0, i);
}
