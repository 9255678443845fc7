import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { PipelineStore, PromotionRow, RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import { failpoint } from '../failpoint.js';
import type { AggregateResult } from '../trunk/aggregate.js';
import { linkPlaceOf, moveLinkAt, readLinkAt } from '../trunk/components.js';
import { labelNameProblem, SYSTEM_LINKS } from '../trunk/links.js';
import { priorLinks, restoreLinks } from './restore-links.js';
import { findRepo } from './repo-ref.js';

export interface PromotionContext {
  store: PipelineStore;
  events: EventLog;
  reposDir: string;
  baseurl: string;
  /** Set with components on: re-aggregates a top-level label from the components' links of that name. */
  aggregate?: (label: string) => AggregateResult | null;
}

export interface PromoteRequest {
  commitHash: string;
  distroHash: string;
  extendedHash?: string | null;
  label: string;
  /** Who asked: recorded in the promotions table and the event. */
  actor: string;
  /** Re-promoting the hash the label already holds is refused unless this is set (DLRN's API allows it). */
  allowIncumbent?: boolean;
}

export interface PromoteResult {
  promotion: PromotionRow;
  repoHash: string;
  repoUrl: string;
  previous: string | null;
  /** The label's aggregate hash after the move (components on), else null. */
  aggregateHash: string | null;
}

/**
 * Why `label` cannot be a promotion target, as a EngineError, or null. Like DLRN, only the trunk's own links are
 * reserved: `previous-<label>` is promotable (the RDO promoter saves the current holder there first).
 */
export function labelProblem(label: string): EngineError | null {
  if ((SYSTEM_LINKS as readonly string[]).includes(label)) return new EngineError('forbidden', `${label} is moved by the trunk and cannot be promoted to`);
  const problem = labelNameProblem(label);
  return problem ? new EngineError('forbidden', problem) : null;
}

/** Why a repo can never be promoted, as a EngineError, or null. */
export function repoProblem(reposDir: string, repo: RepoRef): EngineError | null {
  if (repo.build_status !== 'SUCCESS')
    return new EngineError('bad-request', `${repoHashOf(repo.path)} is a ${repo.build_status} build; only SUCCESS builds are promoted`);
  if (repo.purged_at !== null || !existsSync(join(reposDir, repo.path, 'repodata', 'repomd.xml')))
    return new EngineError('gone', `${repoHashOf(repo.path)} was purged`);
  return null;
}

/**
 * Moves `label` to a repo with every check the promoter, the console, the CLI and the API share. The old
 * target becomes `previous-<label>` first, so after a crash at any point both links name complete repos, and the
 * promotion is recorded before either moves (see moveLabels).
 * Throws EngineError.
 */
export function promote(ctx: PromotionContext, req: PromoteRequest): PromoteResult {
  const bad = labelProblem(req.label);
  if (bad) throw bad;
  const repo = findRepo(ctx.store, req.commitHash, req.distroHash, req.extendedHash);
  const problem = repoProblem(ctx.reposDir, repo);
  if (problem) throw problem;
  return moveLabel(ctx, req.label, repo, req.actor, req.allowIncumbent ?? false);
}

/** The move itself, for a repo already checked; with components on, the label's aggregate follows. */
export function moveLabel(ctx: PromotionContext, label: string, repo: RepoRef, actor: string, allowIncumbent: boolean): PromoteResult {
  return moveLabels(ctx, [{ label, repo, actor, allowIncumbent }])[0]!;
}

export interface LabelMove {
  label: string;
  repo: RepoRef;
  actor: string;
  allowIncumbent: boolean;
}

/**
 * Moves labels in order, all or none: every promotion is recorded first (intent, one transaction), then the
 * links move (in each repo's component directory with components on); a move that fails puts the links moved
 * before it back and undoes every row. After a crash at any point, `reconcilePromotions` finishes what was
 * recorded. With components on, each label's aggregate is made once, after every move.
 */
export function moveLabels(ctx: PromotionContext, moves: readonly LabelMove[]): PromoteResult[] {
  const planned = new Map<string, string | null>();
  const rows = moves.map((m) => {
    const place = linkPlaceOf(ctx.reposDir, m.repo.path);
    const key = `${place.prefix}${m.label}`;
    const previous = planned.has(key) ? planned.get(key)! : readLinkAt(place, m.label);
    if (previous === m.repo.path && !m.allowIncumbent) throw new EngineError('conflict', `${m.label} already points at ${repoHashOf(m.repo.path)}`);
    planned.set(key, m.repo.path);
    return {
      commit_hash: m.repo.commit_hash,
      distro_hash: m.repo.distro_hash,
      extended_hash: m.repo.extended_hash,
      repo_path: m.repo.path,
      promote_name: m.label,
      previous_path: previous,
      aggregate_hash: null,
      user: m.actor,
      timestamp: Date.now(),
    };
  });
  const before = priorLinks(ctx.reposDir, rows);
  const intents = new PromotionIntents(ctx.store.db);
  const recorded = intents.record(rows);
  try {
    for (const p of recorded) applyPromotion(ctx, p);
  } catch (err) {
    restoreLinks(ctx, before, recorded[0]!.user);
    for (const p of recorded) intents.undo(p.id);
    for (const label of new Set(recorded.map((p) => p.promote_name))) aggregateAfter(ctx, label, recorded[0]!.user);
    throw err;
  }
  return finishPromotions(ctx, intents, recorded).map((promotion) => ({
    promotion,
    repoHash: repoHashOf(promotion.repo_path),
    repoUrl: `${ctx.baseurl.replace(/\/$/, '')}/${promotion.repo_path}`,
    previous: promotion.previous_path,
    aggregateHash: promotion.aggregate_hash,
  }));
}

/** Puts the links where a recorded promotion says (idempotent: a crash may have moved some already). */
export function applyPromotion(ctx: PromotionContext, p: PromotionRow): void {
  const label = p.promote_name;
  const actor = p.user;
  const place = linkPlaceOf(ctx.reposDir, p.repo_path);
  const previous = readLinkAt(place, label);
  const keepsPrevious = !label.startsWith('previous-');
  if (keepsPrevious && previous !== null && previous !== p.repo_path && existsSync(join(ctx.reposDir, previous, 'repodata', 'repomd.xml'))) {
    const from = moveLinkAt(place, `previous-${label}`, previous);
    if (from !== previous) ctx.events.append('link.moved', { name: `${place.prefix}previous-${label}`, from, to: previous }, actor);
  }
  failpoint('promotion.previous-moved');
  if (previous !== p.repo_path) {
    moveLinkAt(place, label, p.repo_path);
    ctx.events.append('link.moved', { name: `${place.prefix}${label}`, from: previous, to: p.repo_path }, actor);
  }
  failpoint('promotion.linked');
}

/**
 * Once the links of `applied` are in place: each label's aggregate is made, the events appended, and the
 * aggregate hashes written onto the rows in the transaction that clears their intents. Returns the rows as
 * finished.
 */
export function finishPromotions(ctx: PromotionContext, intents: PromotionIntents, applied: readonly PromotionRow[]): PromotionRow[] {
  const aggregates = new Map<string, string | null>();
  for (const p of applied) if (!aggregates.has(p.promote_name)) aggregates.set(p.promote_name, aggregateAfter(ctx, p.promote_name, p.user));
  const finished = applied.map((p) => ({ ...p, aggregate_hash: aggregates.get(p.promote_name) ?? null }));
  // Not in one transaction with the clear: subscribers (the promoter's abort check) must see the events at once.
  for (const p of finished) {
    const payload = { label: p.promote_name, commitHash: p.commit_hash, distroHash: p.distro_hash, to: p.repo_path, from: p.previous_path, user: p.user };
    ctx.events.append('promotion', payload, p.user);
  }
  intents.clear(finished);
  return finished;
}

/** With components on: re-aggregates the top-level `label`, returning its aggregate hash; null otherwise. */
export function aggregateAfter(ctx: PromotionContext, label: string, actor: string): string | null {
  const agg = ctx.aggregate?.(label) ?? null;
  if (agg && agg.from !== agg.path) ctx.events.append('link.moved', { name: label, from: agg.from, to: agg.path }, actor);
  return agg?.hash ?? null;
}
