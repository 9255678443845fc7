import type { CiRuntime } from '../ci/runtime.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { SYSTEM_LINKS, readLink } from '../trunk/links.js';
import { candidatesFor } from './candidates.js';

/** Every job a target's criteria can be met by (its criteria and their alternatives). */
function jobsOf(t: PromotionTarget): Set<string> {
  return new Set([...t.criteria, ...Object.values(t.alternatives).flat()]);
}

/**
 * The hashes whose votes a target still waits for: what its candidate label holds now and, when that label is
 * itself promoted (it moves rarely, by promotion), every hash it held that is still a candidate. A trunk link's
 * older hashes (consistent moves with every build) are left to supersession.
 */
function waitingFor(ci: CiRuntime, reposDir: string, t: PromotionTarget): string[] {
  const now = readLink(reposDir, t.candidateLabel);
  if ((SYSTEM_LINKS as readonly string[]).includes(t.candidateLabel)) return now === null ? [] : [now];
  const candidates = candidatesFor(ci.store, reposDir, t.candidateLabel, readLink(reposDir, t.label)).map((r) => r.path);
  return now === null || candidates.includes(now) ? candidates : [now, ...candidates];
}

/** Why `job`'s run on `repoPath` is still needed by a target of the chain, or null. */
export function neededBy(ci: CiRuntime, reposDir: string, targets: readonly PromotionTarget[], job: string, repoPath: string): string | null {
  for (const t of targets) if (jobsOf(t).has(job) && waitingFor(ci, reposDir, t).includes(repoPath)) return `needed by ${t.label}`;
  return null;
}

/**
 * Queues, for every target, the engine jobs of its criteria on the hashes it waits for that never ran there (or
 * whose run was superseded before it started), so a label can never be stranded waiting for a vote nothing will
 * cast. Returns how many runs it queued.
 */
export function queueNeededRuns(ci: CiRuntime, reposDir: string, targets: readonly PromotionTarget[]): number {
  let queued = 0;
  for (const t of targets) {
    for (const path of waitingFor(ci, reposDir, t)) {
      const repo = ci.store.repoByPath(path);
      if (!repo) continue;
      for (const job of jobsOf(t)) if (ci.jobs.ensure(job, repo, `needed by ${t.label}`)) queued++;
    }
  }
  return queued;
}
