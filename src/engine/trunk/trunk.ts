import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EngineError } from '../errors.js';
import { fetchRemoteBuild } from './remote-repo.js';
import type { Config, PackageConfig } from '../config/load.js';
import type { EventLog } from '../../store/db/event-log.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { buildCommit } from './builder.js';
import { discoverPackage } from './discovery.js';
import type { BuildDriver } from './driver.js';
import type { Notifier } from './notifier.js';
import { Publisher, writeStatusReport } from './publish.js';
import { PackageSources } from './sources.js';
import { isTransientFailure } from './transient.js';
import { killRunningTools } from '../run-tool.js';
import { rsyncPublish } from './rsync-publish.js';
import type { BuildStatus } from './types.js';
import type { CommitRow } from '../../store/db/trunk-rows.js';

export interface TrunkPaths {
  reposDir: string;
  tmpDir: string;
  sourcesDir: string;
  buildLogsDir: string;
}

export interface PassResult {
  pass: number;
  built: number;
  failed: number;
  retried: number;
  skipped: string[];
}

/** Thrown inside a build the engine is stopping: nothing of it is recorded. */
const STOPPED = Symbol('stopped');

/** The trunk: discovery, dedup, ordered parallel builds, classification, serialized publication. */
export class Trunk {
  readonly publisher: Publisher;
  private readonly packages: Map<string, PackageConfig>;
  private passNumber = 0;
  private running: Promise<PassResult> | null = null;
  private stopping = false;

  constructor(
    private readonly config: Config,
    readonly paths: TrunkPaths,
    private readonly store: TrunkStore,
    private readonly events: EventLog,
    private readonly driver: BuildDriver,
    private readonly notifier: Notifier,
  ) {
    this.packages = new Map(config.packages.map((p) => [p.name, p]));
    this.publisher = new Publisher({
      reposDir: paths.reposDir,
      tmpDir: paths.tmpDir,
      store,
      events,
      packages: this.packages,
      reponame: config.trunk.reponame,
      baseurl: config.trunk.baseurl,
      components: config.trunk['use-components'],
    });
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** One pass: discover, then build everything queued. Concurrent calls share the running pass. */
  runPass(): Promise<PassResult> {
    if (this.stopping) return Promise.resolve({ pass: this.passNumber, built: 0, failed: 0, retried: 0, skipped: [] });
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Ends the pass in progress without recording what the stop interrupts: builds and fetches are killed and left
   * BUILDING / untouched for the next start's recovery (as after kill -9); a publication under way completes.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    killRunningTools();
    this.wake();
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<PassResult> {
    const pass = ++this.passNumber;
    this.events.append('pass.started', { pass });
    const discovery = this.discover();
    const result = await this.buildQueue(discovery);
    const skipped = await discovery;
    writeStatusReport(this.paths.reposDir, this.store);
    await this.copyToRsyncDest();
    const done = { pass, ...result, skipped };
    this.events.append('pass.finished', done);
    return done;
  }

  /**
   * DLRN's commit import: a build made by another DLRN-style trunk (its hashed repo at `repoUrl`), published here
   * as if built here. Every refusal (see fetchRemoteBuild) comes before anything is written. Throws EngineError.
   */
  async importRemote(repoUrl: string): Promise<{ commit: CommitRow; path: string }> {
    const dir = join(this.paths.tmpDir, `import-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    try {
      const { commit: c, files, nvr } = await fetchRemoteBuild(repoUrl, dir);
      if (!this.packages.has(c.project_name))
        throw new EngineError('bad-request', `${c.project_name} (in ${repoUrl}/commit.yaml) is not a package of rdoinfo.yml`);
      const known = this.store.findCommit(c.project_name, c.commit_hash, c.distro_hash, c.extended_hash);
      if (known?.state === 'SUCCESS' || known?.state === 'BUILDING')
        throw new EngineError('conflict', `${c.project_name} ${c.commit_hash} is already ${known.state === 'SUCCESS' ? 'built' : 'building'} here`);
      const commit =
        known ??
        this.store.insertQueued(
          {
            package: c.project_name,
            commit_hash: c.commit_hash,
            distro_hash: c.distro_hash,
            extended_hash: c.extended_hash,
            commit_branch: c.commit_branch,
            dt_commit: c.dt_commit,
            dt_distro: c.dt_distro,
            subject: `imported from ${repoUrl}`,
            author: '',
          },
          Date.now(),
        );
      const build = this.store.startBuild(commit.id, 0, Date.now());
      const logDir = join(this.paths.buildLogsDir, commit.package);
      mkdirSync(logDir, { recursive: true });
      const logFile = join(logDir, `${build.id}-${commit.commit_hash.slice(0, 8)}.log`);
      writeFileSync(logFile, `imported from ${repoUrl}: ${files.map((f) => basename(f)).join(' ')}\n`);
      const [, version = '', release = ''] = /^.*-([^-]+)-([^-]+)$/.exec(nvr) ?? [];
      this.store.setBuildDetails(build.id, { version, release, nvr, log_path: logFile });
      try {
        const { path } = await this.publisher.publish(commit, this.store.buildById(build.id)!, files, logFile);
        return { commit: this.store.commitById(commit.id)!, path };
      } catch (err) {
        this.store.finishBuild(build.id, 'FAILED', Date.now(), { error: `import failed: ${err instanceof Error ? err.message : String(err)}` });
        throw err;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** With an rsyncdest, what this pass published goes there (a failure is an event; the next pass retries it). */
  private async copyToRsyncDest(): Promise<void> {
    const dest = this.config.trunk.rsyncdest;
    if (!dest || this.stopping) return;
    const dataDir = dirname(this.paths.reposDir);
    try {
      await rsyncPublish({
        db: this.store.db,
        events: this.events,
        reposDir: this.paths.reposDir,
        dest,
        stateFile: join(dataDir, 'rsync-state.json'),
        logFile: join(dirname(this.paths.buildLogsDir), 'rsync.log'),
      });
    } catch (err) {
      this.events.append('rsync.failed', { dest, error: err instanceof Error ? err.message : String(err), pending: -1 });
    }
  }

  private async discover(): Promise<string[]> {
    this.requeueRetries();
    const skipped: string[] = [];
    await eachLimited(this.config.packages, Math.max(2, this.config.trunk.workers), async (pkg) => {
      if (this.stopping) return;
      try {
        if ((await discoverPackage(pkg, this.sources(pkg), this.store, this.events)) > 0) this.wake();
        this.store.clearSkipped(pkg.name);
      } catch (err) {
        if (this.stopping) return;
        const reason = err instanceof Error ? err.message : String(err);
        skipped.push(pkg.name);
        this.store.setSkipped(pkg.name, reason, Date.now());
        this.events.append('fetch.failed', { package: pkg.name, reason });
      }
    });
    return skipped.sort();
  }

  private requeueRetries(): void {
    for (const c of this.store.byState('RETRY')) {
      // A newer commit of the package supersedes it: building the older one now would move the package back.
      if (!this.packages.has(c.package) || this.store.lastCommit(c.package)?.id !== c.id) continue;
      this.store.setState(c.id, 'QUEUED');
      this.events.append('commit.queued', { commitId: c.id, package: c.package, commitHash: c.commit_hash, distroHash: c.distro_hash, reason: 'retry' });
    }
  }

  /** Builds start as soon as their package is discovered, while the others are still being fetched. */
  private async buildQueue(discovery: Promise<unknown>): Promise<{ built: number; failed: number; retried: number }> {
    let discovering = true;
    const discovered = discovery.finally(() => (discovering = false));
    const counts = { built: 0, failed: 0, retried: 0 };
    const freeWorkers = Array.from({ length: this.config.trunk.workers }, (_, i) => i + 1);
    const active = new Set<Promise<void>>();
    const building = new Set<string>();
    const tried = new Set<number>();
    for (;;) {
      const next =
        freeWorkers.length > 0 && !this.stopping
          ? this.store.queued().find((c) => !building.has(c.package) && !tried.has(c.id) && this.packages.has(c.package))
          : undefined;
      if (next) {
        tried.add(next.id);
        const worker = freeWorkers.shift()!;
        building.add(next.package);
        const job = this.build(next, worker)
          .then((status) => {
            if (status === 'SUCCESS') counts.built++;
            else if (status === 'FAILED') counts.failed++;
            else counts.retried++;
          })
          .finally(() => {
            building.delete(next.package);
            freeWorkers.push(worker);
            active.delete(job);
          });
        active.add(job);
        continue;
      }
      if (active.size === 0 && !discovering) return counts;
      await Promise.race([...active, ...(discovering ? [discovered, this.nextWake()] : [])]);
    }
  }

  /** Never rejects: whatever goes wrong around a build (the database, a full disk) ends it as RETRY. */
  private async build(commit: CommitRow, worker: number): Promise<BuildStatus> {
    try {
      return await this.attemptBuild(commit, worker);
    } catch (err) {
      if (err === STOPPED) return 'RETRY';
      const error = `engine error around the build: ${err instanceof Error ? err.message : String(err)}`;
      try {
        const b = this.store.lastBuildOf(commit.id);
        if (b?.status === 'BUILDING') this.store.finishBuild(b.id, 'RETRY', Date.now(), { error });
        else this.store.setState(commit.id, 'RETRY');
      } catch {
        // The database itself is failing; recovery re-queues the commit at the next start.
      }
      return 'RETRY';
    }
  }

  private async attemptBuild(commit: CommitRow, worker: number): Promise<BuildStatus> {
    const started = Date.now();
    const build = this.store.startBuild(commit.id, worker, started);
    const logDir = join(this.paths.buildLogsDir, commit.package);
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${build.id}-${commit.commit_hash.slice(0, 8)}.log`);
    this.store.setBuildLog(build.id, logFile);
    this.events.append('build.started', {
      buildId: build.id,
      commitId: commit.id,
      package: commit.package,
      commitHash: commit.commit_hash,
      worker,
      attempt: build.attempt,
    });
    const workDir = join(this.paths.tmpDir, `build-${build.id}`);
    let status: BuildStatus;
    let error: string | null = null;
    let nvr: string | null = null;
    try {
      const outcome = await buildCommit(
        commit,
        this.sources(this.packages.get(commit.package)!),
        this.driver,
        workDir,
        logFile,
        { numbering: this.config.trunk['release-numbering'], dist: `.${this.config.trunk.distro}`, timeoutMs: this.config.trunk['build-timeout'] * 1000 },
        (p) => this.store.setBuildDetails(build.id, { ...p, log_path: logFile }),
      );
      nvr = outcome.nvr;
      // Stopped mid-build: the result is the kill's, not the build's. Left BUILDING for recovery to re-queue.
      if (this.stopping) throw STOPPED;
      if (outcome.ok) {
        try {
          await this.publisher.publish(commit, this.store.buildById(build.id)!, outcome.rpms, logFile);
          status = 'SUCCESS';
        } catch (err) {
          status = 'FAILED';
          error = `publication failed: ${err instanceof Error ? err.message : String(err)}`;
        }
      } else {
        error = outcome.error;
        status = isTransientFailure(tail(logFile)) && build.attempt <= this.config.trunk.maxretries ? 'RETRY' : 'FAILED';
      }
      if (status !== 'SUCCESS') {
        this.store.finishBuild(build.id, status, Date.now(), { error });
        writeStatusReport(this.paths.reposDir, this.store);
      }
      if (status === 'FAILED') {
        const pkg = this.packages.get(commit.package)!;
        this.notifier.buildFailed({ package: pkg.name, maintainers: pkg.maintainers, commitHash: commit.commit_hash, error: error ?? '', logFile });
      }
    } finally {
      // In the background: a build tree is thousands of files, and the next build should not wait for them.
      void rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
    this.events.append('build.finished', {
      buildId: build.id,
      commitId: commit.id,
      package: commit.package,
      commitHash: commit.commit_hash,
      distroHash: commit.distro_hash,
      subject: commit.subject,
      author: commit.author,
      status,
      nvr,
      error,
      durationMs: Date.now() - started,
    });
    return status;
  }

  private wakeUp: (() => void) | null = null;

  private nextWake(): Promise<void> {
    return new Promise((resolve) => (this.wakeUp = resolve));
  }

  private wake(): void {
    this.wakeUp?.();
    this.wakeUp = null;
  }

  private readonly sourcesOf = new Map<string, PackageSources>();

  private sources(pkg: PackageConfig): PackageSources {
    let sources = this.sourcesOf.get(pkg.name);
    if (!sources) this.sourcesOf.set(pkg.name, (sources = new PackageSources(pkg, this.paths.sourcesDir)));
    return sources;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-20_000);
  } catch {
    return '';
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const lane = async () => {
    while (i < items.length) await fn(items[i++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
