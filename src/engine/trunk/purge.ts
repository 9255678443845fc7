import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/event-log.js';
import type { TrunkStore } from '../../store/trunk-store.js';
import { listLinks } from './links.js';

export interface PurgePlan {
  purge: string[];
  kept: { path: string; why: string }[];
}

/** Which hashed repos older than `days` go: never a link's target, never a package's latest good build. */
export function planPurge(store: TrunkStore, reposDir: string, days: number, now = Date.now()): PurgePlan {
  const protectedBy = new Map<string, string>();
  for (const [name, target] of listLinks(reposDir)) protectedBy.set(target, `target of ${name}`);
  for (const b of store.latestSuccessPerPackage()) if (b.repo_path && !protectedBy.has(b.repo_path)) protectedBy.set(b.repo_path, `latest good build of ${b.package}`);
  const plan: PurgePlan = { purge: [], kept: [] };
  for (const repo of store.reposOlderThan(now - days * 86_400_000)) {
    const why = protectedBy.get(repo.path);
    if (why) plan.kept.push({ path: repo.path, why });
    else plan.purge.push(repo.path);
  }
  return plan;
}

/** Removes the planned repos: each is renamed out of repos/ first, so it disappears whole. */
export function applyPurge(plan: PurgePlan, store: TrunkStore, events: EventLog, reposDir: string, tmpDir: string, actor: string): void {
  mkdirSync(tmpDir, { recursive: true });
  for (const path of plan.purge) {
    const dir = join(reposDir, path);
    if (existsSync(dir)) {
      const doomed = join(tmpDir, `purge-${path.replaceAll('/', '_')}`);
      renameSync(dir, doomed);
      rmSync(doomed, { recursive: true, force: true });
    }
    store.markPurged(path, Date.now());
    events.append('repo.purged', { path }, actor);
  }
}
