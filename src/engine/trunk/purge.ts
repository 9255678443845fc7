import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/event-log.js';
import type { TrunkStore } from '../../store/trunk-store.js';
import { listLinks } from './links.js';

export interface PurgePlan {
  purge: string[];
  kept: { path: string; why: string }[];
}

/** Repo paths with a queued or running CI job run, with the job: a job would test a vanished repo. */
function activeJobRuns(store: TrunkStore): Map<string, string> {
  const rows = store.db.prepare("SELECT repo_path, job, state FROM job_runs WHERE state IN ('queued', 'running') ORDER BY id").all() as { repo_path: string; job: string; state: string }[];
  const active = new Map<string, string>();
  for (const r of rows) if (!active.has(r.repo_path)) active.set(r.repo_path, `${r.state} job run of ${r.job}`);
  return active;
}

/** Why a repo must stay right now, or undefined: a link's target or a queued/running job run's repo. */
function liveProtection(store: TrunkStore, reposDir: string): Map<string, string> {
  const protectedBy = new Map<string, string>();
  for (const [name, target] of listLinks(reposDir)) protectedBy.set(target, `target of ${name}`);
  for (const [path, why] of activeJobRuns(store)) if (!protectedBy.has(path)) protectedBy.set(path, why);
  return protectedBy;
}

/**
 * Which hashed repos older than `days` go: never a link's target, never a repo with a queued or running
 * job run, never a package's latest good build.
 */
export function planPurge(store: TrunkStore, reposDir: string, days: number, now = Date.now()): PurgePlan {
  const protectedBy = liveProtection(store, reposDir);
  for (const b of store.latestSuccessPerPackage()) if (b.repo_path && !protectedBy.has(b.repo_path)) protectedBy.set(b.repo_path, `latest good build of ${b.package}`);
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
export function applyPurge(plan: PurgePlan, store: TrunkStore, events: EventLog, reposDir: string, tmpDir: string, actor: string): PurgePlan {
  mkdirSync(tmpDir, { recursive: true });
  const done: PurgePlan = { purge: [], kept: [...plan.kept] };
  for (const path of plan.purge) {
    const why = liveProtection(store, reposDir).get(path);
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
