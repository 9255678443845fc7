import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ReleasesStore, type ReleaseBuildRow } from '../../store/db/releases-store.js';
import type { EngineCore, Actor } from '../area.js';
import type { PackageConfig, ReleaseConfig } from '../config/load.js';
import { EngineError } from '../errors.js';
import type { Logger } from '../log.js';
import { RpmbuildDriver } from '../trunk/rpmbuild-driver.js';
import type { BuildDriver } from '../trunk/driver.js';
import { buildReleaseTag } from './build.js';
import { parseRequirements, parseSpecRequires, reqcheck, type ReqcheckResult } from './reqcheck.js';
import { parseTag, tagName, TAG_STAGES, type TagStage } from './tag-names.js';
import { ReleaseSources, releaseVersion } from './upstream.js';
import { isPreRelease, newestPerPackage, rpmvercmp } from './vercmp.js';

/** Packages whose mirrors are fetched or read at once. */
const SCAN_PARALLEL = 8;

export interface BranchOutcome {
  release: string;
  created: string[];
  existing: string[];
}

export interface PackageReqcheck extends ReqcheckResult {
  package: string;
  /** Why nothing was compared (no requirements.txt upstream). */
  note: string | null;
}

export interface BuildSummary {
  release: string;
  built: string[];
  failed: { package: string; nvr: string; error: string }[];
  upToDate: string[];
  noTag: string[];
  unbranched: string[];
}

/** The releases area while the engine is open: release builds, tags, composes, gates, signing, publication. */
export class ReleasesRuntime {
  readonly store: ReleasesStore;
  readonly root: string;
  private readonly sourcesRoot: string;
  private readonly sources = new Map<string, ReleaseSources>();
  /** One build pass per release at a time (a command and the late-builds loop share it). */
  private readonly building = new Map<string, Promise<BuildSummary>>();

  constructor(
    readonly engine: EngineCore,
    readonly log: Logger,
    readonly driver: BuildDriver = new RpmbuildDriver(),
  ) {
    this.store = new ReleasesStore(engine.db);
    this.root = join(engine.paths.dataDir, 'releases');
    this.sourcesRoot = join(this.root, 'sources');
  }

  recover(): void {
    this.store.failInterrupted();
    this.store.failInterruptedGates();
  }

  releaseNames(): string[] {
    return this.engine.config.releases.map((r) => r.name);
  }

  release(name: string): ReleaseConfig {
    const r = this.engine.config.releases.find((x) => x.name === name);
    if (!r)
      throw new EngineError('not-found', `unknown release ${JSON.stringify(name)} (releases in rdoinfo.yml: ${this.releaseNames().join(', ') || 'none'})`);
    return r;
  }

  /** The packages rdoinfo tags for a release. */
  packagesOf(release: string): PackageConfig[] {
    return this.engine.config.packages.filter((p) => p.tags.includes(release));
  }

  private packagesOrThrow(release: string, only?: string | readonly string[]): PackageConfig[] {
    const all = this.packagesOf(release);
    if (all.length === 0) throw new EngineError('conflict', `rdoinfo.yml tags no package for release ${release} (give packages tags: [${release}])`);
    if (only === undefined || only === 'all') return all;
    return (typeof only === 'string' ? [only] : only).map((name) => {
      const one = all.find((p) => p.name === name);
      if (!one)
        throw new EngineError(
          'not-found',
          `package ${JSON.stringify(name)} is not tagged for release ${release} (its packages: ${all.map((p) => p.name).join(', ')})`,
        );
      return one;
    });
  }

  sourcesOf(pkg: PackageConfig, release: ReleaseConfig): ReleaseSources {
    const key = `${release.name}\0${pkg.name}`;
    let s = this.sources.get(key);
    if (!s) this.sources.set(key, (s = new ReleaseSources(pkg, release, join(this.sourcesRoot, release.name))));
    return s;
  }

  private async fetched(release: ReleaseConfig, pkgs: readonly PackageConfig[]): Promise<ReleaseSources[]> {
    const all = pkgs.map((p) => this.sourcesOf(p, release));
    await inParallel(all, SCAN_PARALLEL, async (s) => {
      try {
        await s.fetch();
      } catch (err) {
        throw new EngineError('unavailable', `fetching ${s.pkg.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    return all;
  }

  /** Creates `<release distgit branch>` from the master distgit in each package's distgit that lacks it. */
  async branch(name: string): Promise<BranchOutcome> {
    const release = this.release(name);
    const all = await this.fetched(release, this.packagesOrThrow(name));
    const created: string[] = [];
    const existing: string[] = [];
    for (const s of all) {
      if (await s.hasReleaseBranch()) existing.push(s.pkg.name);
      else {
        await s.createReleaseBranch();
        created.push(s.pkg.name);
      }
    }
    this.engine.events.append('release.branched', { release: name, created, existing });
    return { release: name, created, existing };
  }

  /** Upstream requirements.txt at the newest release tag against the release distgit's spec Requires. */
  async reqcheck(name: string, only?: string): Promise<PackageReqcheck[]> {
    const release = this.release(name);
    const pkgs = this.packagesOrThrow(name, only);
    const all = await this.fetched(release, pkgs);
    const projects = new Map(this.engine.config.packages.map((p) => [p.name, p.project]));
    const out: PackageReqcheck[] = [];
    for (const s of all) {
      const tag = await s.newestTag();
      const upstreamRef = tag?.commit ?? `refs/heads/${s.pkg.upstreamBranch}`;
      const text = await s.requirements(upstreamRef);
      const distgitRef = (await s.hasReleaseBranch()) ? (await s.distgitHead()).hash : await s.masterHead();
      const spec = await s.spec(distgitRef);
      if (text === null) {
        out.push({ package: s.pkg.name, missing: [], excess: [], note: `no requirements.txt upstream at ${tag?.tag ?? s.pkg.upstreamBranch}` });
        continue;
      }
      const r = reqcheck(parseRequirements(text), parseSpecRequires(spec.text), projects);
      out.push({ package: s.pkg.name, ...r, note: null });
    }
    return out;
  }

  /**
   * Builds each package's newest upstream release tag on the release distgit branch (once per tag and distgit
   * commit: running it again builds only what is new, such as a tag that came late) and tags it into -candidate.
   */
  build(name: string, actor: string, options: { only?: string | readonly string[]; retryFailed?: boolean } = {}): Promise<BuildSummary> {
    const before = this.building.get(name) ?? Promise.resolve(null);
    const run = before.catch(() => null).then(() => this.buildOnce(name, actor, options.only, options.retryFailed ?? true));
    this.building.set(name, run);
    void run
      .finally(() => {
        if (this.building.get(name) === run) this.building.delete(name);
      })
      .catch(() => undefined);
    return run;
  }

  private async buildOnce(name: string, actor: string, only: string | readonly string[] | undefined, retryFailed: boolean): Promise<BuildSummary> {
    const release = this.release(name);
    const all = await this.fetched(release, this.packagesOrThrow(name, only));
    const summary: BuildSummary = { release: name, built: [], failed: [], upToDate: [], noTag: [], unbranched: [] };
    const candidate = tagName(name, 'candidate');
    const todo: { s: ReleaseSources; tag: string; commit: string; distgitHash: string }[] = [];
    // Reading the mirrors is many short git runs per package: done for several packages at once, used in order.
    const scans = new Map<ReleaseSources, { tag: { tag: string; commit: string } | null; branched: boolean; distgitHash: string | null }>();
    await inParallel(all, SCAN_PARALLEL, async (s) => {
      const tag = await s.newestTag();
      const branched = tag !== null && (await s.hasReleaseBranch());
      scans.set(s, { tag, branched, distgitHash: branched ? (await s.distgitHead()).hash : null });
    });
    for (const s of all) {
      const { tag, branched, distgitHash } = scans.get(s)!;
      this.store.setNewestTag(name, s.pkg.name, tag?.tag ?? null);
      if (!tag) {
        summary.noTag.push(s.pkg.name);
        continue;
      }
      if (!branched || !distgitHash) {
        summary.unbranched.push(s.pkg.name);
        continue;
      }
      const done = this.store.buildOf(name, s.pkg.name, tag.tag, distgitHash);
      if (done?.state === 'built') {
        if (!this.store.isTagged(candidate, done.id)) this.tag(candidate, [done], actor, null);
        summary.upToDate.push(s.pkg.name);
      } else if (!done && (retryFailed || !this.store.failedBuildOf(name, s.pkg.name, tag.tag, distgitHash)))
        todo.push({ s, tag: tag.tag, commit: tag.commit, distgitHash });
    }
    const dist = `.${this.engine.config.trunk.distro}`;
    await inParallel(todo, this.engine.config.trunk.workers, async ({ s, tag, commit, distgitHash }) => {
      const pkg = s.pkg.name;
      const version = releaseVersion(tag);
      const buildN = this.store.nextBuildN(name, pkg, version);
      const nvr = `${pkg}-${version}-${buildN}${dist}`;
      const logDir = join(this.engine.paths.logsDir, 'releases', name);
      mkdirSync(logDir, { recursive: true });
      const logPath = join(logDir, `${nvr}.log`);
      const row = this.store.startBuild({
        release: name,
        package: pkg,
        upstream_tag: tag,
        commit_hash: commit,
        distgit_hash: distgitHash,
        version,
        build_n: buildN,
        nvr,
        log_path: logPath,
      });
      this.engine.events.append('release.build-started', { release: name, package: pkg, nvr, buildId: row.id });
      const started = Date.now();
      const outDir = join(this.root, name, 'builds', nvr);
      const r = await buildReleaseTag(this.driver, {
        sources: s,
        tag,
        commit,
        distgitHash,
        version,
        buildN,
        dist,
        workDir: join(this.engine.paths.tmpDir, 'releases', nvr),
        outDir,
        logFile: logPath,
        timeoutMs: this.engine.config.trunk['build-timeout'] * 1000,
      });
      this.store.finishBuild(row.id, r.ok ? { ok: true, dir: outDir } : { ok: false, error: r.error });
      this.engine.events.append('release.build-finished', {
        release: name,
        package: pkg,
        nvr,
        buildId: row.id,
        ok: r.ok,
        error: r.ok ? null : r.error,
        durationMs: Date.now() - started,
      });
      if (r.ok) {
        this.tag(candidate, [this.store.build(row.id)!], actor, null);
        summary.built.push(nvr);
      } else summary.failed.push({ package: pkg, nvr, error: r.error });
    });
    summary.built.sort();
    return summary;
  }

  /** Tags builds (all of this tag's release) in one transaction, with history; returns the NVRs newly tagged. */
  tag(tag: string, builds: readonly ReleaseBuildRow[], actor: string, reason: string | null): string[] {
    const { release } = this.parse(tag);
    for (const b of builds) {
      if (b.release !== release)
        throw new EngineError('conflict', `${b.nvr} is a build of release ${b.release}, not ${release}: it cannot be tagged into ${tag}`);
      if (b.state !== 'built') throw new EngineError('conflict', `${b.nvr} is not a finished build (${b.state})`);
    }
    const fresh = builds.filter((b) => !this.store.isTagged(tag, b.id));
    this.store.retag(
      fresh.map((b) => ({ tag, buildId: b.id, action: 'tag' as const })),
      actor,
      reason,
    );
    if (fresh.length) this.engine.events.append('release.tagged', { tag, nvrs: fresh.map((b) => b.nvr), action: 'tag', reason }, actor);
    return fresh.map((b) => b.nvr);
  }

  parse(tag: string): { release: string; stage: TagStage } {
    const t = parseTag(tag, this.releaseNames());
    if (!t) {
      throw new EngineError(
        'not-found',
        `unknown tag ${JSON.stringify(tag)}: a tag is <release>-${TAG_STAGES.join('|')} of a release in rdoinfo.yml (${this.releaseNames().join(', ') || 'none'})`,
      );
    }
    return t;
  }

  /**
   * What `tag.add` tags: the build named by NVR, or each package's newest build from the stage before this one
   * (for -candidate: its newest finished build).
   */
  buildsToTag(tag: string, pkg: string, nvr?: string): ReleaseBuildRow[] {
    const { release, stage } = this.parse(tag);
    if (nvr) {
      const b = this.store.buildByNvr(nvr);
      if (!b) throw new EngineError('not-found', `no release build ${nvr}`);
      if (pkg !== 'all' && b.package !== pkg) throw new EngineError('bad-request', `${nvr} is a build of ${b.package}, not ${pkg}`);
      return [b];
    }
    const names = this.packagesOrThrow(release, pkg).map((p) => p.name);
    const prev = TAG_STAGES[TAG_STAGES.indexOf(stage) - 1];
    const pool = prev ? this.store.tagged(tagName(release, prev)) : this.store.builds(release).filter((b) => b.state === 'built');
    const newest = newestPerPackage(pool.filter((b) => names.includes(b.package)));
    if (newest.length === 0)
      throw new EngineError(
        'conflict',
        `nothing to tag into ${tag}: ${prev ? `${tagName(release, prev)} holds no build` : 'no finished build'}${pkg === 'all' ? '' : ` of ${pkg}`}`,
      );
    return newest;
  }

  untag(tag: string, pkg: string, actor: string, nvr?: string): string[] {
    this.parse(tag);
    const held = this.store.tagged(tag).filter((b) => (nvr ? b.nvr === nvr : pkg === 'all' || b.package === pkg));
    if (held.length === 0) throw new EngineError('not-found', `${tag} holds no build ${nvr ?? (pkg === 'all' ? '' : `of ${pkg}`)}`.trim());
    this.store.retag(
      held.map((b) => ({ tag, buildId: b.id, action: 'untag' as const })),
      actor,
      null,
    );
    this.engine.events.append('release.tagged', { tag, nvrs: held.map((b) => b.nvr), action: 'untag', reason: null }, actor);
    return held.map((b) => b.nvr);
  }

  /** Packages of the release without a build in the tag; at -candidate, also those whose newest upstream tag is not built or is a pre-release. */
  missing(release: string, stage: TagStage): string[] {
    const held = newestPerPackage(this.store.tagged(tagName(release, stage)));
    const byPkg = new Map(held.map((b) => [b.package, b]));
    const newest = this.store.newestTags(release);
    return this.packagesOf(release)
      .map((p) => p.name)
      .filter((p) => {
        const b = byPkg.get(p);
        if (!b) return true;
        if (stage !== 'candidate') return false;
        const tag = newest.get(p);
        return tag === undefined ? false : tag === null || isPreRelease(tag) || rpmvercmp(releaseVersion(tag), b.version) > 0;
      });
  }
}

export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      try {
        await work(items[next++]!);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length) throw errors[0];
}

export type { Actor };
