import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { listComponentLinks } from './components.js';
import { listLinks } from './links.js';

export interface PurgePlan {
  purge: string[];
  kept: { path: string; why: string }[];
}

/** Repos something else needs kept right now (path → why), asked again before each removal. */
export type RepoHolds = () => ReadonlyMap<string, string>;

/** Why a repo must stay right now, or undefined: a link's target or what another area holds. */
function liveProtection(reposDir: string, holds: RepoHolds): Map<string, string> {
  const protectedBy = new Map<string, string>();
  for (const [name, target] of [...listLinks(reposDir), ...listComponentLinks(reposDir)]) protectedBy.set(target, `target of ${name}`);
  for (const [path, why] of holds()) if (!protectedBy.has(path)) protectedBy.set(path, why);
  return protectedBy;
}

/**
 * Which hashed repos older than `days` go: never a link's target, never a repo another area holds (a queued
 * or running job run), never a package's latest good build.
 */
export function planPurge(store: TrunkStore, reposDir: string, days: number, holds: RepoHolds, now = Date.now()): PurgePlan {
  const protectedBy = liveProtection(reposDir, holds);
  for (const b of store.latestSuccessPerPackage())
    if (b.repo_path && !protectedBy.has(b.repo_path)) protectedBy.set(b.repo_path, `latest good build of ${b.package}`);
  const plan: PurgePlan = { purge: [], kept: [] };
  for (const repo of store.reposOlderThan(now - days * 86_400_000)) {
    const why = protectedBy.get(repo.path);
    if (why) plan.kept.push({ path: repo.path, why });
    else plan.purge.push(repo.path);
  }
  return plan;
}

/**
 * Removes the planned repos: each is renamed out of repos/ first, so it disappears whole. Links and job
 * runs are read again just before each rename: a repo that became a link's target (a promotion) or got a
 * job run since planning is kept. Returns what was actually purged and kept.
 */
export function applyPurge(plan: PurgePlan, store: TrunkStore, events: EventLog, reposDir: string, tmpDir: string, actor: string, holds: RepoHolds): PurgePlan {
  mkdirSync(tmpDir, { recursive: true });
  const done: PurgePlan = { purge: [], kept: [...plan.kept] };
  for (const path of plan.purge) {
    const why = liveProtection(reposDir, holds).get(path);
    if (why) {
      done.kept.push({ path, why });
      continue;
    }
    const dir = join(reposDir, path);
    if (existsSync(dir)) {
      const doomed = join(tmpDir, `purge-${path.replaceAll('/', '_')}`);
      renameSync(dir, doomed);
      rmSync(doomed, { recursive: true, force: true });
    }
    store.markPurged(path, Date.now());
    events.append('repo.purged', { path }, actor);
    done.purge.push(path);
  }
  return done;
}
