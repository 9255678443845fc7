import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors.js';
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
    if (occupiedByNonLink(ctx.reposDir, req.label)) throw new EngineError('forbidden', `${req.label} exists under the repo root and is not a label`);
    return { req, repo };
  });
  // Links are files, not rows: a transaction could not take a moved link back. Everything that can be
  // checked was checked above, so the moves below do not fail for anything the request says; every promotion
  // is recorded before the first link moves, so a crash midway is finished on the next start.
  return moveLabels(
    ctx,
    checked.map(({ req, repo }) => ({ label: req.label, repo, actor: req.actor, allowIncumbent: true })),
  );
}

function occupiedByNonLink(reposDir: string, label: string): boolean {
  try {
    return !lstatSync(join(reposDir, label)).isSymbolicLink();
  } catch {
    return false;
  }
}
