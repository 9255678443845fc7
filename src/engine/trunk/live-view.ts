import type { TrunkRuntime } from './runtime.js';
import { listLinks } from './links.js';
import type { BuildStatus } from './types.js';
import { RECENT_BUILDS, type BuildSummary, type PackageSummary, type TrunkLive } from './live.js';

export type { BuildSummary, PackageSummary, QueueItem, TrunkLive } from './live.js';

/** Read in the caller's transaction, so it matches the event seq read with it. */
export function trunkLive(t: TrunkRuntime, reposDir: string): TrunkLive {
  const recent = t.store
    .recentBuilds(RECENT_BUILDS + 20)
    .filter((b) => b.status !== 'BUILDING')
    .slice(0, RECENT_BUILDS)
    .map((b): BuildSummary => ({
      buildId: b.id,
      commitId: b.commit_id,
      package: b.package,
      commitHash: b.commit_hash,
      distroHash: b.distro_hash,
      subject: b.subject,
      author: b.author,
      nvr: b.nvr,
      status: b.status as BuildStatus,
      startedAt: b.started_at,
      finishedAt: b.finished_at ?? b.started_at,
      error: b.error,
    }));
  const packages = t.store.packageStatuses().map((s): PackageSummary => ({
    package: s.package,
    component: s.component,
    status:
      s.lastCommit && (s.lastCommit.state === 'QUEUED' || s.lastCommit.state === 'BUILDING')
        ? s.lastCommit.state
        : ((s.lastBuild?.status as BuildStatus | undefined) ?? 'NEVER'),
    nvr: s.lastBuild?.nvr ?? null,
    lastBuildAt: s.lastBuild?.finished_at ?? null,
    lastSuccessAt: s.lastSuccess?.finished_at ?? null,
    firstFailure: s.firstFailure ? { commitHash: s.firstFailure.commit_hash, at: s.firstFailure.finished_at ?? 0 } : null,
    skipped: s.skipped,
  }));
  return { queue: t.store.queueItems(), recent, packages, links: Object.fromEntries(listLinks(reposDir)), passRunning: t.trunk.busy };
}
