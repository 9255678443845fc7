import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { PipelineStore, PromotionRow, RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { labelNameProblem, moveLink, readLink, SYSTEM_LINKS } from '../trunk/links.js';
import { findRepo } from './repo-ref.js';

export interface PromotionContext {
  store: PipelineStore;
  events: EventLog;
  reposDir: string;
  baseurl: string;
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

/** The move itself, for a repo already checked. */
export function moveLabel(ctx: PromotionContext, label: string, repo: RepoRef, actor: string, allowIncumbent: boolean): PromoteResult {
  const previous = readLink(ctx.reposDir, label);
  if (previous === repo.path && !allowIncumbent) throw new EngineError('conflict', `${label} already points at ${repoHashOf(repo.path)}`);
  const keepsPrevious = !label.startsWith('previous-');
  if (keepsPrevious && previous !== null && previous !== repo.path && existsSync(join(ctx.reposDir, previous, 'repodata', 'repomd.xml'))) {
    const from = moveLink(ctx.reposDir, `previous-${label}`, previous);
    if (from !== previous) ctx.events.append('link.moved', { name: `previous-${label}`, from, to: previous }, actor);
  }
  if (previous !== repo.path) {
    moveLink(ctx.reposDir, label, repo.path);
    ctx.events.append('link.moved', { name: label, from: previous, to: repo.path }, actor);
  }
  const promotion = ctx.store.insertPromotion({
    commit_hash: repo.commit_hash,
    distro_hash: repo.distro_hash,
    extended_hash: repo.extended_hash,
    repo_path: repo.path,
    promote_name: label,
    previous_path: previous,
    aggregate_hash: null,
    user: actor,
    timestamp: Date.now(),
  });
  ctx.events.append('promotion', { label, commitHash: repo.commit_hash, distroHash: repo.distro_hash, to: repo.path, from: previous, user: actor }, actor);
  return { promotion, repoHash: repoHashOf(repo.path), repoUrl: `${ctx.baseurl.replace(/\/$/, '')}/${repo.path}`, previous };
}
