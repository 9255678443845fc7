import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';
import { linkPlaceOf } from '../trunk/components.js';
import { labelProblem, moveLabels, repoProblem, type PromoteRequest, type PromoteResult, type PromotionContext } from './promote.js';
import { findRepo } from './repo-ref.js';

/** Several promotions, all validated before any label moves (DLRN's POST /api/promote-batch). */
export function promoteBatch(ctx: PromotionContext, reqs: readonly PromoteRequest[]): PromoteResult[] {
  const checked = reqs.map((req) => {
    const bad = labelProblem(req.label);
    if (bad) throw bad;
    const repo = findRepo(ctx.store, req.commitHash, req.distroHash, req.extendedHash);
    const problem = repoProblem(ctx.reposDir, repo);
    if (problem) throw problem;
    if (occupiedByNonLink(join(linkPlaceOf(ctx.reposDir, repo.path).dir, req.label))) {
      throw new EngineError('forbidden', `${req.label} exists under the repo root and is not a label`);
    }
    return { label: req.label, repo, actor: req.actor };
  });
  return promoteRepos(ctx, checked);
}

/**
 * Moves every label of the batch, or none (see moveLabels): every promotion is recorded before the first link
 * moves, a move that fails puts the earlier ones back, and a crash midway is finished on the next start.
 */
export function promoteRepos(ctx: PromotionContext, items: readonly { label: string; repo: RepoRef; actor: string }[]): PromoteResult[] {
  return moveLabels(
    ctx,
    items.map((i) => ({ ...i, allowIncumbent: true })),
  );
}

function occupiedByNonLink(path: string): boolean {
  try {
    return !lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
