import { appendFileSync, copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PackageConfig } from '../config/load.js';
import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { runTool } from '../run-tool.js';
import { writeFileAtomic } from './atomic-write.js';
import { aggregateLabel } from './aggregate.js';
import { linkPlaceOf, moveLinkAt } from './components.js';
import { componentRepoPath, hashedRepoPath } from './hashed-path.js';
import { commitYaml, deloreanRepo, statusReportCsv, versionsCsv, type VersionRow } from './repo-files.js';
import type { BuildRow, CommitRow } from '../../store/db/trunk-rows.js';
import { reportBuilds, reportHtml, statusReportHtml } from '../pages/trunk-pages.js';

/** Where a repo being replaced by a rebuild waits, in tmp/, until its successor is in place. */
export const REPLACED_PREFIX = 'replaced-';

export interface PublishContext {
  reposDir: string;
  tmpDir: string;
  store: TrunkStore;
  events: EventLog;
  packages: ReadonlyMap<string, PackageConfig>;
  reponame: string;
  baseurl: string;
  /** DLRN's use_components: repos under component/<name>/, top-level links are aggregates. */
  components: boolean;
}

export interface Published {
  path: string;
  consistent: boolean;
}

/**
 * Publishes hashed repos one at a time. A repo is assembled in a staging directory and renamed into place
 * whole; links move only after that, each by an atomic rename.
 */
export class Publisher {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: PublishContext) {}

  publish(commit: CommitRow, build: BuildRow, rpms: readonly string[], logFile: string): Promise<Published> {
    const run = this.tail.then(() => this.publishNow(commit, build, rpms, logFile));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async publishNow(commit: CommitRow, build: BuildRow, rpms: readonly string[], logFile: string): Promise<Published> {
    const staging = join(this.ctx.tmpDir, `publish-${build.id}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      return await this.assemble(staging, commit, build, rpms, logFile);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  private async assemble(staging: string, commit: CommitRow, build: BuildRow, rpms: readonly string[], logFile: string): Promise<Published> {
    const { reposDir, store } = this.ctx;
    const components = this.ctx.components;
    const component = this.component(commit.package);
    const path = components
      ? componentRepoPath(component, commit.commit_hash, commit.distro_hash, commit.extended_hash)
      : hashedRepoPath(commit.commit_hash, commit.distro_hash, commit.extended_hash);
    const sameRepoSet = (pkg: string) => !components || this.component(pkg) === component;

    for (const rpm of rpms) linkOrCopy(rpm, join(staging, basename(rpm)));
    const versions: VersionRow[] = [this.versionRow(commit, { ...build, nvr: build.nvr })];
    for (const other of store.latestSuccessPerPackage()) {
      if (other.package === commit.package || !other.repo_path || !sameRepoSet(other.package)) continue;
      for (const file of JSON.parse(other.rpms) as string[]) {
        const src = join(reposDir, other.repo_path, file);
        if (existsSync(src)) linkOrCopy(src, join(staging, file));
      }
      const otherCommit = store.commitById(other.commit_id)!;
      versions.push(this.versionRow(otherCommit, other));
    }
    copyFileSync(logFile, join(staging, 'rpmbuild.log'));
    const finishedBuild = { ...build, finished_at: Date.now() };
    writeFileSync(join(staging, 'versions.csv'), versionsCsv(versions.sort((a, b) => a.package.localeCompare(b.package))));
    writeFileSync(join(staging, 'commit.yaml'), commitYaml(commit, finishedBuild, this.component(commit.package), path));
    writeFileSync(join(staging, `${this.ctx.reponame}.repo`), deloreanRepo(this.ctx.reponame, commit, `${this.ctx.baseurl.replace(/\/$/, '')}/${path}`));
    await runTool('createrepo_c', ['--quiet', '--no-database', '.'], { cwd: staging, timeoutMs: 600_000, check: true, logFile, keepOnStop: true });

    const final = join(reposDir, path);
    mkdirSync(dirname(final), { recursive: true });
    if (existsSync(final)) {
      // Named after the repo so that recovery can put it back if we stop between the two renames.
      const aside = join(this.ctx.tmpDir, `${REPLACED_PREFIX}${path.replaceAll('/', '~')}`);
      rmSync(aside, { recursive: true, force: true });
      renameSync(final, aside);
      renameSync(staging, final);
      rmSync(aside, { recursive: true, force: true });
    } else {
      renameSync(staging, final);
    }

    const files = rpms.map((r) => basename(r));
    const consistent = store.db.transaction(() => {
      store.finishBuild(build.id, 'SUCCESS', finishedBuild.finished_at, { rpms: files, repo_path: path });
      const everyPackageGood = store.failingPackages().every((name) => !this.ctx.packages.has(name) || !sameRepoSet(name));
      store.insertRepo(path, commit.id, build.id, finishedBuild.finished_at, everyPackageGood);
      this.ctx.events.append('repo.published', { path, commitId: commit.id, buildId: build.id, package: commit.package, consistent: everyPackageGood });
      return everyPackageGood;
    })();
    // The repo is published from here on: a link that cannot move now (a full disk, say) is caught up by the
    // next publication or the next start's recovery, and does not make the build a failure.
    try {
      for (const name of consistent ? ['current', 'consistent'] : ['current']) {
        this.moveLink(name, path);
        if (components) this.aggregate(name);
      }
      writeStatusReport(reposDir, store);
    } catch (err) {
      appendFileSync(
        logFile,
        `WARNING: ${path} is published but a link or the status report was not updated: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
    return { path, consistent };
  }

  /** Moves `name` (in the repo's component directory with components on) to a published repo. */
  moveLink(name: string, path: string): void {
    const place = linkPlaceOf(this.ctx.reposDir, path);
    const from = moveLinkAt(place, name, path);
    if (from !== path) this.ctx.events.append('link.moved', { name: `${place.prefix}${name}`, from, to: path });
  }

  /** Re-aggregates the top-level `name` from the components' links. */
  aggregate(name: string): void {
    const { reposDir, tmpDir, reponame, store } = this.ctx;
    const agg = aggregateLabel({ db: store.db, reposDir, tmpDir, reponame }, name);
    if (agg && agg.from !== agg.path) this.ctx.events.append('link.moved', { name, from: agg.from, to: agg.path });
  }

  private component(pkg: string): string {
    return this.ctx.packages.get(pkg)?.component ?? 'unknown';
  }

  private versionRow(commit: CommitRow, build: BuildRow): VersionRow {
    const pkg = this.ctx.packages.get(commit.package);
    return {
      package: commit.package,
      upstream: pkg?.upstream ?? '',
      distgit: pkg?.distgit ?? '',
      commit,
      build,
      component: pkg?.component ?? 'unknown',
      lastSuccess: build.finished_at ?? Date.now(),
    };
  }
}

/** status_report.csv, status_report.html and report.html at the repo root, as DLRN writes them. */
export function writeStatusReport(reposDir: string, store: TrunkStore): void {
  mkdirSync(reposDir, { recursive: true });
  const now = Date.now();
  const statuses = store.packageStatuses();
  writeFileAtomic(join(reposDir, 'status_report.csv'), statusReportCsv(statuses, now));
  writeFileAtomic(join(reposDir, 'status_report.html'), statusReportHtml('DLRN', statuses, now));
  writeFileAtomic(join(reposDir, 'report.html'), reportHtml('DLRN', reportBuilds(store, 300), now));
}

function linkOrCopy(src: string, dest: string): void {
  try {
    linkSync(src, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    copyFileSync(src, dest);
  }
}
