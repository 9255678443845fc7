import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors.js';
import { linkPlaceOf } from '../trunk/components.js';
import {
  aggregateAfter,
  labelProblem,
  moveLinks,
  recordPromotion,
  repoProblem,
  undoLinks,
  type MovedLinks,
  type PromoteRequest,
  type PromoteResult,
  type PromotionContext,
} from './promote.js';
import { findRepo } from './repo-ref.js';

/**
 * Several promotions, all validated before any label moves (DLRN's POST /api/promote-batch). A move that fails
 * puts back the ones before it. With components on, each label's aggregate is made once, after every move, and
 * recorded on each of its promotions.
 */
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
    return { req, repo };
  });
  const moved: MovedLinks[] = [];
  try {
    for (const { req, repo } of checked) moved.push(moveLinks(ctx, req.label, repo, req.actor, true));
  } catch (err) {
    for (const m of moved.reverse()) undoLinks(ctx, m);
    throw err;
  }
  const aggregates = new Map<string, string | null>();
  for (const m of moved) if (!aggregates.has(m.label)) aggregates.set(m.label, aggregateAfter(ctx, m.label, m.actor));
  return moved.map((m) => recordPromotion(ctx, m, aggregates.get(m.label) ?? null));
}

function occupiedByNonLink(path: string): boolean {
  try {
    return !lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
