import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import type { PackageConfig } from '../config/load.js';
import type { PackageSources } from './sources.js';

export interface DiscoveryResult {
  queued: number;
  skipped: string[];
}

/**
 * Fetches one package and queues what is new: first-parent upstream commits after the last one seen
 * (only the newest for a package never built), or the last upstream commit again when only distgit moved.
 */
export async function discoverPackage(pkg: PackageConfig, sources: PackageSources, store: TrunkStore, events: EventLog): Promise<number> {
  await sources.fetch();
  const last = store.lastCommit(pkg.name);
  const distgit = await sources.distgitHead();
  const upstream = await sources.newCommits(last?.commit_hash ?? null);
  const candidates =
    upstream.length > 0
      ? upstream
      : last && last.distro_hash !== distgit.hash
        ? [{ hash: last.commit_hash, time: last.dt_commit, author: last.author, subject: last.subject }]
        : [];
  const fresh = candidates.filter((c) => !store.findCommit(pkg.name, c.hash, distgit.hash, null));
  await sources.describe(fresh.map((c) => c.hash));
  let queued = 0;
  for (const c of fresh) {
    const row = store.insertQueued(
      {
        package: pkg.name,
        commit_hash: c.hash,
        distro_hash: distgit.hash,
        extended_hash: null,
        commit_branch: pkg.upstreamBranch,
        dt_commit: c.time,
        dt_distro: distgit.time,
        subject: c.subject,
        author: c.author,
      },
      Date.now(),
    );
    events.append('commit.queued', { commitId: row.id, package: pkg.name, commitHash: c.hash, distroHash: distgit.hash, reason: 'new' });
    queued++;
  }
  return queued;
}
