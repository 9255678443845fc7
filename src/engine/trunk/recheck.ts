import type { EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import { hashedRepoPath } from './hashed-path.js';
import { listLinks } from './links.js';
import type { TrunkRuntime } from './runtime.js';

/**
 * Re-queues a package's last commit (as DLRN does, so a recheck never moves a package backwards): a FAILED one,
 * or with `force` a SUCCESS one, unless its hashed repo is what consistent or a label holds (tested content
 * would change under them).
 */
export function recheck(trunk: TrunkRuntime, engine: EngineCore, pkg: string, force: boolean, actor: string): string {
  if (!engine.config.packages.some((p) => p.name === pkg)) {
    throw new EngineError('bad-request', `unknown package ${JSON.stringify(pkg)} (not in ${engine.config.configDir}/rdoinfo.yml)`);
  }
  const last = trunk.store.lastCommit(pkg);
  if (!last) throw new EngineError('not-found', `${pkg} has never been built; nothing to recheck`);
  if (last.state === 'QUEUED' || last.state === 'BUILDING' || last.state === 'RETRY') {
    throw new EngineError('conflict', `${pkg} ${last.commit_hash.slice(0, 8)} is already ${last.state}`);
  }
  if (last.state === 'SUCCESS' && !force)
    throw new EngineError('conflict', `${pkg} ${last.commit_hash.slice(0, 8)} built successfully; use --force (F in the console) to rebuild it`);
  if (last.state === 'SUCCESS') {
    const path = hashedRepoPath(last.commit_hash, last.distro_hash, last.extended_hash);
    const holders = [...listLinks(engine.paths.reposDir)].filter(([name, target]) => target === path && name !== 'current').map(([name]) => name);
    if (holders.length > 0) {
      throw new EngineError(
        'conflict',
        `${pkg} ${last.commit_hash.slice(0, 8)} is published at ${path}, which ${holders.join(', ')} point${holders.length === 1 ? 's' : ''} at; a rebuild would change tested content`,
      );
    }
  }
  trunk.store.db.transaction(() => {
    trunk.store.requeue(last.id, Date.now());
    engine.events.append(
      'commit.queued',
      { commitId: last.id, package: pkg, commitHash: last.commit_hash, distroHash: last.distro_hash, reason: force ? 'force' : 'recheck' },
      actor,
    );
  })();
  return `${pkg} ${last.commit_hash.slice(0, 8)} queued for ${force ? 'rebuild' : 'recheck'}`;
}
