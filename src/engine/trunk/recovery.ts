import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { componentsWithRepos, newestRepoUnder } from '../../store/db/aggregate-store.js';
import { aggregateLabel } from './aggregate.js';
import { componentDir, listComponentLinks } from './components.js';
import { listLinks, moveLink, removeStaleLinkTemps } from './links.js';
import { recoverSources } from './mirror-check.js';
import { REPLACED_PREFIX, writeStatusReport } from './publish.js';

/**
 * Puts the trunk back in order after an unclean stop: interrupted builds are queued again (the attempt does
 * not count), temporary directories go, and `current`/`consistent` catch up with what the database published.
 */
export interface ComponentSettings {
  /** With components on, links are caught up per component and the top-level ones re-aggregated. */
  components: boolean;
  reponame: string;
}

export function recoverTrunk(
  store: TrunkStore,
  events: EventLog,
  reposDir: string,
  tmpDir: string,
  sourcesDir?: string,
  settings: ComponentSettings = { components: false, reponame: 'delorean' },
): void {
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
  for (const c of componentsWithRepos(store.db)) staleLinks.push(...removeStaleLinkTemps(componentDir(reposDir, c)).map((n) => `component/${c}/${n}`));
  const sources = sourcesDir ? recoverSources(sourcesDir) : { tempClones: 0, locks: [] };
  if (settings.components) catchUpComponentLinks(store, events, reposDir, tmpDir, settings.reponame);
  else catchUpLinks(store, events, reposDir);
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

/** Each component's current/consistent catch up; then every top-level label is aggregated again from them. */
function catchUpComponentLinks(store: TrunkStore, events: EventLog, reposDir: string, tmpDir: string, reponame: string): void {
  for (const c of componentsWithRepos(store.db)) {
    const dir = componentDir(reposDir, c);
    const links = listLinks(dir);
    for (const [name, consistentOnly] of [
      ['current', false],
      ['consistent', true],
    ] as const) {
      const target = newestRepoUnder(store.db, `component/${c}/`, consistentOnly);
      const rel = target?.slice(`component/${c}/`.length);
      if (target && rel && links.get(name) !== rel && existsSync(join(reposDir, target, 'repodata', 'repomd.xml'))) {
        const from = moveLink(dir, name, rel);
        events.append('link.moved', { name: `component/${c}/${name}`, from: from === null ? null : `component/${c}/${from}`, to: target });
      }
    }
  }
  const labels = new Set([...listComponentLinks(reposDir).keys()].map((k) => k.slice(k.lastIndexOf('/') + 1)));
  for (const label of labels) {
    const agg = aggregateLabel({ db: store.db, reposDir, tmpDir, reponame }, label);
    if (agg && agg.from !== agg.path) events.append('link.moved', { name: label, from: agg.from, to: agg.path });
  }
}

/** A rebuild stopped between moving the old repo aside and moving the new one in: the old one goes back. */
function restoreReplacedRepos(reposDir: string, tmpDir: string): void {
  for (const entry of readdirSync(tmpDir)) {
    if (!entry.startsWith(REPLACED_PREFIX)) continue;
    const leaf = entry.slice(REPLACED_PREFIX.length);
    // A component repo's whole path is in the name (`component~<name>~ab~cd~<leaf>`); a top-level one's leaf only.
    const final = leaf.includes('~') ? join(reposDir, ...leaf.split('~')) : join(reposDir, leaf.slice(0, 2), leaf.slice(2, 4), leaf);
    if (!existsSync(final) && existsSync(join(tmpDir, entry, 'repodata', 'repomd.xml'))) renameSync(join(tmpDir, entry), final);
  }
}
