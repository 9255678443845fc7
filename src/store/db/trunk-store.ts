import type { Db } from './db.js';
import type { PackageConfig } from '../../engine/config/load.js';
import type { BuildStatus, CommitState } from '../../engine/trunk/types.js';
import type { BuildRow, CommitRow, RepoRow } from './trunk-rows.js';

export interface NewCommit {
  package: string;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  commit_branch: string;
  dt_commit: number;
  dt_distro: number;
  subject: string;
  author: string;
}

export interface PackageStatus {
  package: string;
  component: string;
  maintainers: string[];
  lastCommit: CommitRow | null;
  lastBuild: BuildRow | null;
  lastSuccess: BuildRow | null;
  /** The first FAILED build after the last SUCCESS (DLRN's "first failure since last success"). */
  firstFailure: (BuildRow & { commit_hash: string }) | null;
  skipped: string | null;
}

/** Queries and writes of the trunk: packages, commits, builds, published repos, skiplist. */
export class TrunkStore {
  constructor(readonly db: Db) {}

  syncPackages(packages: readonly PackageConfig[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO packages (name, project, component, upstream, upstream_branch, distgit, distgit_branch, maintainers)
       VALUES (@name, @project, @component, @upstream, @upstreamBranch, @distgit, @distgitBranch, @maintainers)
       ON CONFLICT(name) DO UPDATE SET project=excluded.project, component=excluded.component, upstream=excluded.upstream,
         upstream_branch=excluded.upstream_branch, distgit=excluded.distgit, distgit_branch=excluded.distgit_branch,
         maintainers=excluded.maintainers`,
    );
    this.db.transaction(() => {
      for (const p of packages) upsert.run({ ...p, maintainers: JSON.stringify(p.maintainers) });
    })();
  }

  packageNames(): string[] {
    return (this.db.prepare('SELECT name FROM packages ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  /** The newest commit of a package the trunk has seen (by discovery order). */
  lastCommit(pkg: string): CommitRow | undefined {
    return this.db.prepare('SELECT * FROM commits WHERE package = ? ORDER BY id DESC LIMIT 1').get(pkg) as CommitRow | undefined;
  }

  findCommit(pkg: string, commitHash: string, distroHash: string, extendedHash: string | null): CommitRow | undefined {
    return this.db
      .prepare('SELECT * FROM commits WHERE package = ? AND commit_hash = ? AND distro_hash = ? AND extended_hash IS ?')
      .get(pkg, commitHash, distroHash, extendedHash) as CommitRow | undefined;
  }

  /** The commits of a package seen after `afterId` up to `uptoId`, newest first: what a version change brought. */
  commitsBetween(pkg: string, afterId: number, uptoId: number, limit: number): CommitRow[] {
    return this.db
      .prepare('SELECT * FROM commits WHERE package = ? AND id > ? AND id <= ? ORDER BY id DESC LIMIT ?')
      .all(pkg, afterId, uptoId, limit) as CommitRow[];
  }

  commitById(id: number): CommitRow | undefined {
    return this.db.prepare('SELECT * FROM commits WHERE id = ?').get(id) as CommitRow | undefined;
  }

  insertQueued(c: NewCommit, now: number): CommitRow {
    const r = this.db
      .prepare(
        `INSERT INTO commits (package, commit_hash, distro_hash, extended_hash, commit_branch, dt_commit, dt_distro, subject, author, state, queued_at)
         VALUES (@package, @commit_hash, @distro_hash, @extended_hash, @commit_branch, @dt_commit, @dt_distro, @subject, @author, 'QUEUED', @now)`,
      )
      .run({ ...c, now });
    return this.commitById(Number(r.lastInsertRowid))!;
  }

  setState(commitId: number, state: CommitState, now?: number): void {
    if (state === 'QUEUED') this.db.prepare('UPDATE commits SET state = ?, queued_at = ? WHERE id = ?').run(state, now ?? Date.now(), commitId);
    else this.db.prepare('UPDATE commits SET state = ? WHERE id = ?').run(state, commitId);
  }

  /** Queued commits, oldest commit time first. */
  queued(): CommitRow[] {
    return this.db.prepare("SELECT * FROM commits WHERE state = 'QUEUED' ORDER BY dt_commit, id").all() as CommitRow[];
  }

  byState(state: CommitState): CommitRow[] {
    return this.db.prepare('SELECT * FROM commits WHERE state = ? ORDER BY id').all(state) as CommitRow[];
  }

  startBuild(commitId: number, worker: number, now: number): BuildRow {
    return this.db.transaction(() => {
      this.db.prepare("UPDATE commits SET state = 'BUILDING', attempts = attempts + 1 WHERE id = ?").run(commitId);
      const { attempts } = this.db.prepare('SELECT attempts FROM commits WHERE id = ?').get(commitId) as { attempts: number };
      const r = this.db
        .prepare(
          "INSERT INTO builds (commit_id, package, attempt, status, worker, started_at) SELECT id, package, ?, 'BUILDING', ?, ? FROM commits WHERE id = ?",
        )
        .run(attempts, worker, now, commitId);
      return this.buildById(Number(r.lastInsertRowid))!;
    })();
  }

  setBuildDetails(buildId: number, d: { version: string; release: string; nvr: string; log_path: string }): void {
    this.db.prepare('UPDATE builds SET version = @version, release = @release, nvr = @nvr, log_path = @log_path WHERE id = @id').run({ ...d, id: buildId });
  }

  setBuildLog(buildId: number, logPath: string): void {
    this.db.prepare('UPDATE builds SET log_path = ? WHERE id = ?').run(logPath, buildId);
  }

  finishBuild(buildId: number, status: BuildStatus, now: number, d: { rpms?: string[]; error?: string | null; repo_path?: string | null }): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE builds SET status = ?, finished_at = ?, rpms = ?, error = ?, repo_path = ? WHERE id = ?')
        .run(status, now, JSON.stringify(d.rpms ?? []), d.error ?? null, d.repo_path ?? null, buildId);
      const b = this.buildById(buildId)!;
      this.db.prepare('UPDATE commits SET state = ? WHERE id = ?').run(status, b.commit_id);
    })();
  }

  buildById(id: number): BuildRow | undefined {
    return this.db.prepare('SELECT * FROM builds WHERE id = ?').get(id) as BuildRow | undefined;
  }

  lastBuildOf(commitId: number): BuildRow | undefined {
    return this.db.prepare('SELECT * FROM builds WHERE commit_id = ? ORDER BY id DESC LIMIT 1').get(commitId) as BuildRow | undefined;
  }

  /** Builds interrupted by a crash (BUILDING with no process behind them). */
  interruptedBuilds(): BuildRow[] {
    return this.db.prepare("SELECT * FROM builds WHERE status = 'BUILDING'").all() as BuildRow[];
  }

  abandonBuild(buildId: number, now: number): void {
    this.db.prepare("UPDATE builds SET status = 'RETRY', finished_at = ?, error = 'interrupted (engine stopped mid-build)' WHERE id = ?").run(now, buildId);
  }

  /** Per package, the latest SUCCESS build that still has a published repo: what new repos link to. */
  latestSuccessPerPackage(): (BuildRow & { package: string })[] {
    const latest = this.db.prepare(
      `SELECT b.* FROM builds b JOIN repos r ON r.build_id = b.id AND r.purged_at IS NULL
       WHERE b.package = ? AND b.status = 'SUCCESS' ORDER BY b.id DESC LIMIT 1`,
    );
    return this.packageNames().flatMap((name) => (latest.get(name) as (BuildRow & { package: string }) | undefined) ?? []);
  }

  /** Packages whose newest finished commit is FAILED: they keep `consistent` where it is. */
  failingPackages(): string[] {
    const last = this.db.prepare("SELECT state FROM commits WHERE package = ? AND state IN ('SUCCESS','FAILED','RETRY') ORDER BY id DESC LIMIT 1");
    return this.packageNames().filter((name) => (last.get(name) as { state: string } | undefined)?.state === 'FAILED');
  }

  insertRepo(path: string, commitId: number, buildId: number, now: number, consistent: boolean): void {
    this.db
      .prepare(
        `INSERT INTO repos (path, commit_id, build_id, created_at, consistent) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET commit_id=excluded.commit_id, build_id=excluded.build_id, created_at=excluded.created_at,
           consistent=excluded.consistent, purged_at=NULL`,
      )
      .run(path, commitId, buildId, now, consistent ? 1 : 0);
  }

  repo(path: string): RepoRow | undefined {
    return this.db.prepare('SELECT * FROM repos WHERE path = ?').get(path) as RepoRow | undefined;
  }

  reposOlderThan(cutoff: number): RepoRow[] {
    return this.db.prepare('SELECT * FROM repos WHERE purged_at IS NULL AND created_at < ? ORDER BY created_at').all(cutoff) as RepoRow[];
  }

  markPurged(path: string, now: number): void {
    this.db.prepare('UPDATE repos SET purged_at = ? WHERE path = ?').run(now, path);
  }

  setSkipped(pkg: string, reason: string, now: number): void {
    this.db
      .prepare('INSERT INTO skiplist (package, reason, since) VALUES (?, ?, ?) ON CONFLICT(package) DO UPDATE SET reason = excluded.reason')
      .run(pkg, reason, now);
  }

  clearSkipped(pkg: string): void {
    this.db.prepare('DELETE FROM skiplist WHERE package = ?').run(pkg);
  }

  skiplist(): { package: string; reason: string; since: number }[] {
    return this.db.prepare('SELECT * FROM skiplist ORDER BY package').all() as { package: string; reason: string; since: number }[];
  }

  /** DLRN's status report, one row per configured package; index seeks only, so it stays fast on big stores. */
  packageStatuses(): PackageStatus[] {
    const pkgs = this.db.prepare('SELECT name, component, maintainers FROM packages ORDER BY name').all() as {
      name: string;
      component: string;
      maintainers: string;
    }[];
    const skipped = new Map(this.skiplist().map((s) => [s.package, s.reason]));
    const lastCommit = this.db.prepare('SELECT * FROM commits WHERE package = ? ORDER BY id DESC LIMIT 1');
    const lastBuild = this.db.prepare("SELECT * FROM builds WHERE package = ? AND status != 'BUILDING' ORDER BY id DESC LIMIT 1");
    const lastSuccess = this.db.prepare("SELECT * FROM builds WHERE package = ? AND status = 'SUCCESS' ORDER BY id DESC LIMIT 1");
    const firstFailure = this.db.prepare(
      "SELECT b.*, c.commit_hash FROM builds b JOIN commits c ON c.id = b.commit_id WHERE b.package = ? AND b.status = 'FAILED' AND b.id > ? ORDER BY b.id LIMIT 1",
    );
    return pkgs.map((p) => {
      const success = (lastSuccess.get(p.name) as BuildRow | undefined) ?? null;
      const build = (lastBuild.get(p.name) as BuildRow | undefined) ?? null;
      const failure =
        build?.status === 'FAILED' ? ((firstFailure.get(p.name, success?.id ?? 0) as (BuildRow & { commit_hash: string }) | undefined) ?? null) : null;
      return {
        package: p.name,
        component: p.component,
        maintainers: JSON.parse(p.maintainers) as string[],
        lastCommit: (lastCommit.get(p.name) as CommitRow | undefined) ?? null,
        lastBuild: build,
        lastSuccess: success,
        firstFailure: failure,
        skipped: skipped.get(p.name) ?? null,
      };
    });
  }

  /** Recent finished builds with their commit, newest first. */
  recentBuilds(limit: number): (BuildRow & { package: string; commit_hash: string; distro_hash: string; subject: string; author: string })[] {
    return this.db
      .prepare(
        `SELECT b.*, c.commit_hash, c.distro_hash, c.subject, c.author FROM builds b JOIN commits c ON c.id = b.commit_id
         ORDER BY b.id DESC LIMIT ?`,
      )
      .all(limit) as (BuildRow & { package: string; commit_hash: string; distro_hash: string; subject: string; author: string })[];
  }

  /** A recheck or forced rebuild: the commit goes back to the queue with a fresh attempt count. */
  requeue(commitId: number, now: number): void {
    this.db.prepare("UPDATE commits SET state = 'QUEUED', attempts = 0, queued_at = ? WHERE id = ?").run(now, commitId);
  }

  /** Recovery: a build interrupted by a crash does not count as an attempt. */
  forgiveAttempt(commitId: number): void {
    this.db.prepare('UPDATE commits SET attempts = MAX(attempts - 1, 0) WHERE id = ?').run(commitId);
  }

  /** Queued and building commits with the running build, building first, then by commit time. */
  queueItems(): QueueRow[] {
    return this.db
      .prepare(
        `SELECT c.id AS commitId, c.package, c.commit_hash AS commitHash, c.state, c.queued_at AS queuedAt,
           b.id AS buildId, b.worker, b.started_at AS startedAt
         FROM commits c LEFT JOIN builds b ON b.commit_id = c.id AND b.status = 'BUILDING'
         WHERE c.state IN ('QUEUED','BUILDING') ORDER BY c.state DESC, c.dt_commit, c.id`,
      )
      .all() as QueueRow[];
  }

  buildCountsByStatus(): Map<string, number> {
    return new Map(
      (this.db.prepare('SELECT status, COUNT(*) AS n FROM builds GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
  }

  queuedCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM commits WHERE state = 'QUEUED'").get() as { n: number }).n;
  }

  /** The newest published (not purged) repo, of all or of consistent ones only. */
  newestRepo(consistentOnly: boolean): string | undefined {
    const row = this.db
      .prepare(`SELECT path FROM repos WHERE purged_at IS NULL ${consistentOnly ? 'AND consistent = 1' : ''} ORDER BY created_at DESC, rowid DESC LIMIT 1`)
      .get() as { path: string } | undefined;
    return row?.path;
  }
}

export interface QueueRow {
  commitId: number;
  package: string;
  commitHash: string;
  state: 'QUEUED' | 'BUILDING';
  queuedAt: number;
  buildId: number | null;
  worker: number | null;
  startedAt: number | null;
}
