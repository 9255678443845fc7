import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { listLinks, moveLink, removeStaleLinkTemps } from './links.js';
import { recoverSources } from './mirror-check.js';
import { REPLACED_PREFIX, writeStatusReport } from './publish.js';

/**
 * Puts the trunk back in order after an unclean stop: interrupted builds are queued again (the attempt does
 * not count), temporary directories go, and `current`/`consistent` catch up with what the database published.
 */
export function recoverTrunk(store: TrunkStore, events: EventLog, reposDir: string, tmpDir: string, sourcesDir?: string): void {
  const now = Date.now();
  let requeued = 0;
  store.db.transaction(() => {
    for (const b of store.interruptedBuilds()) store.abandonBuild(b.id, now);
    for (const c of store.byState('BUILDING')) {
      store.forgiveAttempt(c.id);
      store.setState(c.id, 'QUEUED', now);
      events.append('commit.queued', { commitId: c.id, package: c.package, commitHash: c.commit_hash, distroHash: c.distro_hash, reason: 'recovery' });
      requeued++;
    }
  })();
  let tmpRemoved = 0;
  if (existsSync(tmpDir)) {
    restoreReplacedRepos(reposDir, tmpDir);
    for (const entry of readdirSync(tmpDir)) {
      rmSync(join(tmpDir, entry), { recursive: true, force: true });
      tmpRemoved++;
    }
  }
  const staleLinks = removeStaleLinkTemps(reposDir);
  const sources = sourcesDir ? recoverSources(sourcesDir) : { tempClones: 0, locks: [] };
  catchUpLinks(store, events, reposDir);
  if (requeued + tmpRemoved + staleLinks.length + sources.tempClones + sources.locks.length > 0) {
    writeStatusReport(reposDir, store);
    events.append('recovery.done', { requeued, tmpRemoved, staleLinks, tempClones: sources.tempClones, staleLocks: sources.locks });
  }
}

function catchUpLinks(store: TrunkStore, events: EventLog, reposDir: string): void {
  const links = listLinks(reposDir);
  for (const [name, consistentOnly] of [
    ['current', false],
    ['consistent', true],
  ] as const) {
    const target = store.newestRepo(consistentOnly);
    if (target && links.get(name) !== target && existsSync(join(reposDir, target, 'repodata', 'repomd.xml'))) {
      const from = moveLink(reposDir, name, target);
      events.append('link.moved', { name, from, to: target });
    }
  }
}

/** A rebuild stopped between moving the old repo aside and moving the new one in: the old one goes back. */
function restoreReplacedRepos(reposDir: string, tmpDir: string): void {
  for (const entry of readdirSync(tmpDir)) {
    if (!entry.startsWith(REPLACED_PREFIX)) continue;
    const leaf = entry.slice(REPLACED_PREFIX.length);
    const final = join(reposDir, leaf.slice(0, 2), leaf.slice(2, 4), leaf);
    if (!existsSync(final) && existsSync(join(tmpDir, entry, 'repodata', 'repomd.xml'))) renameSync(join(tmpDir, entry), final);
  }
}
