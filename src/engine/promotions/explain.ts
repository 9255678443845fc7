import type { PipelineStore } from '../../store/db/pipeline-store.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { EngineError } from '../errors.js';
import { labelNameProblem, readLink } from '../trunk/links.js';
import { candidatesFor, labelHistory } from './candidates.js';
import { evaluateCriteria, verdicts, type JobVerdict } from './criteria.js';
import { labelProblem, repoProblem } from './promote.js';
import { findRepo } from './repo-ref.js';

export interface Explanation {
  label: string;
  repoHash: string;
  path: string;
  /** What the label holds now. */
  holds: string | null;
  /** Null when the label is not in the promotion chain (only a manual promote moves it). */
  candidateLabel: string | null;
  criteria: string[];
  passed: string[];
  missing: string[];
  failed: string[];
  inProgress: string[];
  /** Criterion → the job whose success vote met it (itself or an alternative). */
  satisfiedBy: Record<string, string>;
  /** Every job that voted on the hash, with its latest verdict. */
  votes: { job: string; latest: JobVerdict; passed: boolean }[];
  /** For each missing criterion: why it is missing (its latest run, or none), and that run (for its log). */
  causes: MissingCause[];
  /** Why the promoter will not move the label to it; empty when it would. */
  blockers: string[];
  promotable: boolean;
  /** Whether an operator's manual promote would be accepted (the shared checks, not the criteria). */
  manualAllowed: boolean;
}

export interface MissingCause {
  job: string;
  cause: string;
  runId: number | null;
  /** Whether `jobs.run` would help: the job never ran here, its run was superseded or failed. */
  rerun: boolean;
}

/** Why a missing criterion is missing, from the job's latest run on the hash. */
function missingCause(store: PipelineStore, job: string, commitHash: string, distroHash: string, external: ReadonlySet<string>): MissingCause {
  if (external.has(job)) return { job, cause: 'external job: waiting for its vote from outside (nothing here runs it)', runId: null, rerun: false };
  const run = store.runsOf(job, commitHash, distroHash).at(-1);
  if (!run) return { job, cause: 'never run on this hash — press r to run it', runId: null, rerun: true };
  const ref = `run #${run.id}`;
  switch (run.state) {
    case 'superseded':
      return { job, cause: `superseded (${ref}${run.error ? `: ${run.error}` : ''}) — press r to re-run`, runId: null, rerun: true };
    case 'queued':
      return { job, cause: `queued (${ref})`, runId: run.id, rerun: false };
    case 'running':
      return { job, cause: `running (${ref}) — Enter opens its log`, runId: run.id, rerun: false };
    case 'success':
      return { job, cause: `${ref} passed but its vote is not a success here`, runId: run.id, rerun: true };
    default:
      return { job, cause: `${run.state} in ${ref}${run.error ? `: ${run.error}` : ''} — Enter opens its log, r re-runs`, runId: run.id, rerun: true };
  }
}

/** Why a hash is or is not promotable to a label. Throws EngineError when the label name is invalid or the repo does not exist. */
export function explainCandidate(
  store: PipelineStore,
  reposDir: string,
  targets: readonly PromotionTarget[],
  req: { commitHash: string; distroHash: string; extendedHash?: string | null; label: string },
  /** Jobs that vote from outside (an external CI): the engine never runs them. */
  external: ReadonlySet<string> = new Set(),
): Explanation {
  // Before anything reads repos/<label>: a name like ../../../proc/self/exe would read outside the repo root.
  const nameBad = typeof req.label === 'string' ? labelNameProblem(req.label) : `label must be a string (got ${typeof req.label})`;
  if (nameBad) throw new EngineError('bad-request', nameBad);
  const repo = findRepo(store, req.commitHash, req.distroHash, req.extendedHash);
  const target = targets.find((t) => t.label === req.label);
  const holds = readLink(reposDir, req.label);
  const votes = store.votesOn(repo.commit_hash, repo.distro_hash);
  const e = evaluateCriteria(target ?? { criteria: [], alternatives: {} }, votes);
  const hard: string[] = [];
  const labelBad = labelProblem(req.label);
  if (labelBad) hard.push(labelBad.message);
  const repoBad = repoProblem(reposDir, repo);
  if (repoBad) hard.push(repoBad.message);
  if (holds === repo.path) hard.push(`${req.label} already holds it`);
  const blockers = [...hard];
  if (!target) blockers.push(`${req.label} is not in the promotion chain; only a manual promote moves it`);
  else {
    const history = labelHistory(store, reposDir, target.candidateLabel).map((r) => r.path);
    if (!history.includes(repo.path)) blockers.push(`${target.candidateLabel} never held it`);
    else if (holds !== repo.path && !candidatesFor(store, reposDir, target.candidateLabel, holds).some((r) => r.path === repo.path)) {
      blockers.push(`it is older than what ${req.label} holds`);
    }
    if (e.missing.length) blockers.push(`missing success votes: ${e.missing.join(', ')}`);
  }
  return {
    label: req.label,
    repoHash: repoHashOf(repo.path),
    path: repo.path,
    holds,
    candidateLabel: target?.candidateLabel ?? null,
    criteria: target ? [...target.criteria] : [],
    passed: e.passed,
    missing: e.missing,
    failed: e.failed,
    inProgress: e.inProgress,
    satisfiedBy: e.satisfiedBy,
    causes: e.missing.map((j) => missingCause(store, j, repo.commit_hash, repo.distro_hash, external)),
    votes: [...verdicts(votes)].map(([job, v]) => ({ job, latest: v.latest, passed: v.passed })).sort((a, b) => a.job.localeCompare(b.job)),
    blockers,
    promotable: blockers.length === 0,
    manualAllowed: hard.length === 0,
  };
}
