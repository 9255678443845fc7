import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { PipelineStore, PromotionRow, RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import type { AggregateResult } from '../trunk/aggregate.js';
import { linkPlaceOf, moveLinkAt, readLinkAt } from '../trunk/components.js';
import { labelNameProblem, SYSTEM_LINKS } from '../trunk/links.js';
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
 * target becomes `previous-<label>` first, so after a crash at any point both links name complete repos.
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
  const moved = moveLinks(ctx, label, repo, actor, allowIncumbent);
  return recordPromotion(ctx, moved, aggregateAfter(ctx, label, actor));
}

export interface MovedLinks {
  label: string;
  repo: RepoRef;
  previous: string | null;
  actor: string;
}

/**
 * Moves `label` (in the repo's component directory with components on) to the repo. The old target becomes
 * `previous-<label>` first, so after a crash at any point both links name complete repos.
 */
export function moveLinks(ctx: PromotionContext, label: string, repo: RepoRef, actor: string, allowIncumbent: boolean): MovedLinks {
  const place = linkPlaceOf(ctx.reposDir, repo.path);
  const previous = readLinkAt(place, label);
  if (previous === repo.path && !allowIncumbent) throw new EngineError('conflict', `${label} already points at ${repoHashOf(repo.path)}`);
  const moved: MovedLinks = { label, repo, previous, actor };
  const keepsPrevious = !label.startsWith('previous-');
  if (keepsPrevious && previous !== null && previous !== repo.path && existsSync(join(ctx.reposDir, previous, 'repodata', 'repomd.xml'))) {
    const from = moveLinkAt(place, `previous-${label}`, previous);
    if (from !== previous) ctx.events.append('link.moved', { name: `${place.prefix}previous-${label}`, from, to: previous }, actor);
  }
  if (previous !== repo.path) {
    moveLinkAt(place, label, repo.path);
    ctx.events.append('link.moved', { name: `${place.prefix}${label}`, from: previous, to: repo.path }, actor);
  }
  return moved;
}

/** With components on: re-aggregates the top-level `label`, returning its aggregate hash; null otherwise. */
export function aggregateAfter(ctx: PromotionContext, label: string, actor: string): string | null {
  const agg = ctx.aggregate?.(label) ?? null;
  if (agg && agg.from !== agg.path) ctx.events.append('link.moved', { name: label, from: agg.from, to: agg.path }, actor);
  return agg?.hash ?? null;
}

export function recordPromotion(ctx: PromotionContext, moved: MovedLinks, aggregateHash: string | null): PromoteResult {
  const { label, repo, previous, actor } = moved;
  const promotion = ctx.store.insertPromotion({
    commit_hash: repo.commit_hash,
    distro_hash: repo.distro_hash,
    extended_hash: repo.extended_hash,
    repo_path: repo.path,
    promote_name: label,
    previous_path: previous,
    aggregate_hash: aggregateHash,
    user: actor,
    timestamp: Date.now(),
  });
  ctx.events.append('promotion', { label, commitHash: repo.commit_hash, distroHash: repo.distro_hash, to: repo.path, from: previous, user: actor }, actor);
  return { promotion, repoHash: repoHashOf(repo.path), repoUrl: `${ctx.baseurl.replace(/\/$/, '')}/${repo.path}`, previous, aggregateHash };
}
