import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from './pipeline-error.js';
/**
 * The pipeline as the HTTP API and the console see it: every function takes the engine and throws
 * PipelineError (kind + status: 400/403/404/409/410) for requests it refuses.
 */
import type { Engine } from '../engine.js';
import type { PromotionRow, VoteRow } from '../../store/pipeline-store.js';
import { diffRepos as diffReposIn, type RepoDiff } from '../promotions/diff.js';
import { explainCandidate as explainIn, type Explanation } from '../promotions/explain.js';
import { labelProblem, moveLabel, promote as promoteIn, repoProblem, type PromoteRequest, type PromoteResult } from '../promotions/promote.js';
import { findRepo } from '../promotions/repo-ref.js';
import { recordVote as recordVoteIn, type VoteInput } from './votes.js';

export { PipelineError, STATUS_OF, type PipelineErrorKind } from './pipeline-error.js';
export { pipelineSnapshot, readJobLog, type PipelineSnapshot } from './pipeline-snapshot.js';
export { resolveRepoHash } from '../promotions/repo-ref.js';
export type { PromoteRequest, PromoteResult, VoteInput, Explanation, RepoDiff };

/** Moves a label with every shared check (DLRN's POST /api/promote). */
export function promote(engine: Engine, req: PromoteRequest): PromoteResult {
  return promoteIn(engine.pipeline.promotion, req);
}

/** Several promotions, all validated before any label moves (DLRN's POST /api/promote-batch). */
export function promoteBatch(engine: Engine, reqs: readonly PromoteRequest[]): PromoteResult[] {
  const { promotion } = engine.pipeline;
  const checked = reqs.map((req) => {
    const bad = labelProblem(req.label);
    if (bad) throw bad;
    const repo = findRepo(promotion.store, req.commitHash, req.distroHash, req.extendedHash);
    const problem = repoProblem(promotion.reposDir, repo);
    if (problem) throw problem;
    if (occupiedByNonLink(promotion.reposDir, req.label)) throw new PipelineError('forbidden', `${req.label} exists under the repo root and is not a label`);
    return { req, repo };
  });
  // Links are files, not rows: a transaction could not take a moved link back. Everything that can be
  // checked was checked above, so the moves below do not fail for anything the request says.
  return checked.map(({ req, repo }) => moveLabel(promotion, req.label, repo, req.actor, true));
}

function occupiedByNonLink(reposDir: string, label: string): boolean {
  try {
    return !lstatSync(join(reposDir, label)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Records a vote from outside (DLRN's POST /api/report_result and, in progress, POST /api/last_tested_repo). */
export function recordVote(engine: Engine, input: VoteInput): VoteRow {
  return recordVoteIn(engine.pipeline.store, engine.events, input);
}

/** Votes on one repo, oldest first (DLRN's GET /api/repo_status). */
export function votesOn(engine: Engine, commitHash: string, distroHash: string): VoteRow[] {
  return engine.pipeline.store.votesOn(commitHash, distroHash);
}

/** Promotions newest first (DLRN's GET /api/promotions; limit at most 100). */
export function promotions(engine: Engine, filter: { label?: string; commitHash?: string; distroHash?: string; offset?: number; limit?: number }): PromotionRow[] {
  return engine.pipeline.store.promotions({ ...filter, limit: Math.min(filter.limit ?? 100, 100) });
}

/** Why a hash is or is not promotable to a label (the Promotions pane's Enter). */
export function explainCandidate(engine: Engine, req: { commitHash: string; distroHash: string; extendedHash?: string | null; label: string }): Explanation {
  return explainIn(engine.pipeline.store, engine.paths.reposDir, engine.pipeline.config.promotions, req);
}

/** Packages and versions that change between two hashed repos (paths relative to repos/). */
export function diffRepos(engine: Engine, pathA: string, pathB: string): RepoDiff {
  return diffReposIn(engine.paths.reposDir, pathA, pathB);
}
