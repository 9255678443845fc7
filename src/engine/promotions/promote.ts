import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { PipelineStore, PromotionRow, RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { labelNameProblem, moveLink, readLink, SYSTEM_LINKS } from '../trunk/links.js';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import { failpoint } from '../failpoint.js';
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

/** The move itself, for a repo already checked. */
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
 * Moves labels in order, recording every promotion first (intent, one transaction), then moving the links,
 * then clearing each intent: after a crash at any point, `reconcilePromotions` finishes what was recorded.
 */
export function moveLabels(ctx: PromotionContext, moves: readonly LabelMove[]): PromoteResult[] {
  const planned = new Map<string, string | null>();
  const held = (label: string) => (planned.has(label) ? planned.get(label)! : readLink(ctx.reposDir, label));
  const rows = moves.map((m) => {
    const previous = held(m.label);
    if (previous === m.repo.path && !m.allowIncumbent) throw new EngineError('conflict', `${m.label} already points at ${repoHashOf(m.repo.path)}`);
    planned.set(m.label, m.repo.path);
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
  const intents = new PromotionIntents(ctx.store.db);
  const recorded = intents.record(rows);
  return recorded.map((promotion, i) => {
    try {
      applyPromotion(ctx, intents, promotion);
    } catch (err) {
      // Nothing of this one moved (a link move is one rename): it and those after it never happened.
      for (const later of recorded.slice(i)) intents.undo(later.id);
      throw err;
    }
    return {
      promotion,
      repoHash: repoHashOf(promotion.repo_path),
      repoUrl: `${ctx.baseurl.replace(/\/$/, '')}/${promotion.repo_path}`,
      previous: promotion.previous_path,
    };
  });
}

/** Puts the links where a recorded promotion says (idempotent), then appends its event and clears its intent. */
export function applyPromotion(ctx: PromotionContext, intents: PromotionIntents, p: PromotionRow): void {
  const label = p.promote_name;
  const actor = p.user;
  const previous = readLink(ctx.reposDir, label);
  const keepsPrevious = !label.startsWith('previous-');
  if (keepsPrevious && previous !== null && previous !== p.repo_path && existsSync(join(ctx.reposDir, previous, 'repodata', 'repomd.xml'))) {
    const from = moveLink(ctx.reposDir, `previous-${label}`, previous);
    if (from !== previous) ctx.events.append('link.moved', { name: `previous-${label}`, from, to: previous }, actor);
  }
  failpoint('promotion.previous-moved');
  if (previous !== p.repo_path) {
    moveLink(ctx.reposDir, label, p.repo_path);
    ctx.events.append('link.moved', { name: label, from: previous, to: p.repo_path }, actor);
  }
  failpoint('promotion.linked');
  // Not in one transaction with the clear: subscribers (the promoter's abort check) must see the event at once.
  ctx.events.append('promotion', { label, commitHash: p.commit_hash, distroHash: p.distro_hash, to: p.repo_path, from: p.previous_path, user: actor }, actor);
  intents.clear(p.id);
}
