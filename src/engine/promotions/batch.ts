import { lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { beginBatch, finishBatch, pendingBatches, type LinkState } from '../../store/db/aggregate-store.js';
import { EngineError } from '../errors.js';
import { linkPlaceOf, moveLinkAt, readLinkAt } from '../trunk/components.js';
import {
  aggregateAfter,
  labelProblem,
  moveLinks,
  recordPromotion,
  repoProblem,
  type MovedLinks,
  type PromoteRequest,
  type PromoteResult,
  type PromotionContext,
} from './promote.js';
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
 * Moves every label of the batch, or none: the links it may touch are recorded as they were (in the database)
 * before the first move; a move that fails puts them all back, and so does the next start after a crash before
 * the promotions were recorded. With components on, each label's aggregate is made once, after every move, and
 * recorded on each of its promotions.
 */
export function promoteRepos(ctx: PromotionContext, items: readonly { label: string; repo: RepoRef; actor: string }[]): PromoteResult[] {
  const before = new Map<string, LinkState>();
  for (const { label, repo } of items) {
    const place = linkPlaceOf(ctx.reposDir, repo.path);
    for (const name of [label, `previous-${label}`]) {
      const key = `${place.prefix}${name}`;
      if (!before.has(key)) before.set(key, { repoPath: repo.path, name, target: readLinkAt(place, name) });
    }
  }
  const db = ctx.store.db;
  const batch = beginBatch(db, [...before.values()], Date.now());
  const moved: MovedLinks[] = [];
  try {
    for (const { label, repo, actor } of items) moved.push(moveLinks(ctx, label, repo, actor, true));
  } catch (err) {
    restoreLinks(ctx, [...before.values()]);
    for (const label of new Set(items.map((i) => i.label))) aggregateAfter(ctx, label, items[0]!.actor);
    finishBatch(db, batch);
    throw err;
  }
  const aggregates = new Map<string, string | null>();
  for (const m of moved) if (!aggregates.has(m.label)) aggregates.set(m.label, aggregateAfter(ctx, m.label, m.actor));
  return db.transaction(() => {
    const results = moved.map((m) => recordPromotion(ctx, m, aggregates.get(m.label) ?? null));
    finishBatch(db, batch);
    return results;
  })();
}

function restoreLinks(ctx: PromotionContext, links: readonly LinkState[]): void {
  for (const l of links) {
    const place = linkPlaceOf(ctx.reposDir, l.repoPath);
    if (readLinkAt(place, l.name) === l.target) continue;
    if (l.target === null) rmSync(join(place.dir, l.name), { force: true });
    else moveLinkAt(place, l.name, l.target);
  }
}

/** After a crash in the middle of a batch: its links go back to where they were; returns how many batches. */
export function undoPendingBatches(ctx: PromotionContext, actor = 'recovery'): number {
  const pending = pendingBatches(ctx.store.db);
  for (const b of pending) {
    restoreLinks(ctx, b.links);
    for (const label of new Set(b.links.map((l) => l.name))) aggregateAfter(ctx, label, actor);
    finishBatch(ctx.store.db, b.id);
  }
  return pending.length;
}

function occupiedByNonLink(path: string): boolean {
  try {
    return !lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
