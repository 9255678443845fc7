import type { Db } from './db.js';

export interface ReleaseBuildRow {
  id: number;
  release: string;
  package: string;
  upstream_tag: string;
  commit_hash: string;
  distgit_hash: string;
  version: string;
  build_n: number;
  nvr: string;
  state: 'building' | 'built' | 'failed';
  dir: string | null;
  log_path: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

export interface TaggedBuildRow extends ReleaseBuildRow {
  tag: string;
  tagged_by: string;
  tagged_at: number;
}

export interface TagHistoryRow {
  id: number;
  tag: string;
  build_id: number;
  nvr: string;
  action: 'tag' | 'untag';
  actor: string;
  at: number;
  reason: string | null;
}

export interface ComposeRow {
  id: number;
  release: string;
  tag: string;
  kind: 'gate' | 'signed';
  dir: string;
  build_ids: string;
  closure: 'pass' | 'fail';
  unresolved: string;
  signed_key: string | null;
  created_at: number;
  published_at: number | null;
}

export interface GateRunRow {
  id: number;
  compose_id: number;
  job: string;
  state: 'running' | 'success' | 'failure';
  exit_code: number | null;
  /** The CI pool node it ran on (null: a scratch workspace of the engine's host). */
  node: string | null;
  log_path: string;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

/** A release build as it starts: what it builds, and where its log goes. */
export type NewReleaseBuild = Pick<ReleaseBuildRow, 'release' | 'package' | 'upstream_tag' | 'commit_hash' | 'distgit_hash' | 'version' | 'build_n' | 'nvr'> & {
  log_path: string;
};

/** The releases area's SQL: release builds, tags and their history, composes, gate runs, publications. */
export class ReleasesStore {
  constructor(private readonly db: Db) {}

  /** The build of one upstream tag and distgit commit that did not fail, if any. */
  buildOf(release: string, pkg: string, tag: string, distgitHash: string): ReleaseBuildRow | undefined {
    return this.db
      .prepare(
        "SELECT * FROM release_builds WHERE release = ? AND package = ? AND upstream_tag = ? AND distgit_hash = ? AND state != 'failed' ORDER BY id DESC LIMIT 1",
      )
      .get(release, pkg, tag, distgitHash) as ReleaseBuildRow | undefined;
  }

  /** A build of this tag and distgit commit that failed on its own (not cut short by a stop). */
  failedBuildOf(release: string, pkg: string, tag: string, distgitHash: string): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM release_builds WHERE release = ? AND package = ? AND upstream_tag = ? AND distgit_hash = ? AND state = 'failed' AND error NOT LIKE 'interrupted%' LIMIT 1",
        )
        .get(release, pkg, tag, distgitHash) !== undefined
    );
  }

  /** Whether release.build has scanned this release's upstreams at least once. */
  scanned(release: string): boolean {
    return this.db.prepare('SELECT 1 FROM release_upstream WHERE release = ? LIMIT 1').get(release) !== undefined;
  }

  build(id: number): ReleaseBuildRow | undefined {
    return this.db.prepare('SELECT * FROM release_builds WHERE id = ?').get(id) as ReleaseBuildRow | undefined;
  }

  buildByNvr(nvr: string): ReleaseBuildRow | undefined {
    return this.db.prepare('SELECT * FROM release_builds WHERE nvr = ?').get(nvr) as ReleaseBuildRow | undefined;
  }

  builds(release: string): ReleaseBuildRow[] {
    return this.db.prepare('SELECT * FROM release_builds WHERE release = ? ORDER BY id').all(release) as ReleaseBuildRow[];
  }

  /** The next build number of a package version in a release (1 for its first). */
  nextBuildN(release: string, pkg: string, version: string): number {
    const r = this.db.prepare('SELECT MAX(build_n) AS n FROM release_builds WHERE release = ? AND package = ? AND version = ?').get(release, pkg, version) as {
      n: number | null;
    };
    return (r.n ?? 0) + 1;
  }

  startBuild(b: NewReleaseBuild, now = Date.now()): ReleaseBuildRow {
    const id = this.db
      .prepare(
        `INSERT INTO release_builds (release, package, upstream_tag, commit_hash, distgit_hash, version, build_n, nvr, state, log_path, started_at)
         VALUES (@release, @package, @upstream_tag, @commit_hash, @distgit_hash, @version, @build_n, @nvr, 'building', @log_path, @now)`,
      )
      .run({ ...b, now }).lastInsertRowid;
    return this.build(Number(id))!;
  }

  finishBuild(id: number, outcome: { ok: true; dir: string } | { ok: false; error: string }, now = Date.now()): void {
    this.db
      .prepare('UPDATE release_builds SET state = ?, dir = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(outcome.ok ? 'built' : 'failed', outcome.ok ? outcome.dir : null, outcome.ok ? null : outcome.error, now, id);
  }

  /** Builds left `building` by a stop: failed, so the next release.build builds them again. */
  failInterrupted(now = Date.now()): number {
    return this.db
      .prepare("UPDATE release_builds SET state = 'failed', error = 'interrupted (engine stopped mid-build)', finished_at = ? WHERE state = 'building'")
      .run(now).changes;
  }

  setNewestTag(release: string, pkg: string, tag: string | null, now = Date.now()): void {
    this.db
      .prepare(
        'INSERT INTO release_upstream (release, package, newest_tag, scanned_at) VALUES (?, ?, ?, ?) ON CONFLICT (release, package) DO UPDATE SET newest_tag = excluded.newest_tag, scanned_at = excluded.scanned_at',
      )
      .run(release, pkg, tag, now);
  }

  /** Package → newest upstream release tag, as last scanned (null: no tag yet). */
  newestTags(release: string): Map<string, string | null> {
    const rows = this.db.prepare('SELECT package, newest_tag FROM release_upstream WHERE release = ?').all(release) as {
      package: string;
      newest_tag: string | null;
    }[];
    return new Map(rows.map((r) => [r.package, r.newest_tag]));
  }

  tagged(tag: string): TaggedBuildRow[] {
    return this.db
      .prepare(
        'SELECT b.*, t.tag, t.tagged_by, t.tagged_at FROM release_tagged t JOIN release_builds b ON b.id = t.build_id WHERE t.tag = ? ORDER BY b.package, b.id',
      )
      .all(tag) as TaggedBuildRow[];
  }

  isTagged(tag: string, buildId: number): boolean {
    return this.db.prepare('SELECT 1 FROM release_tagged WHERE tag = ? AND build_id = ?').get(tag, buildId) !== undefined;
  }

  /** Tags and untags in one transaction, each change in the history; returns how many changed. */
  retag(changes: readonly { tag: string; buildId: number; action: 'tag' | 'untag' }[], actor: string, reason: string | null, now = Date.now()): number {
    const add = this.db.prepare('INSERT OR IGNORE INTO release_tagged (tag, build_id, tagged_by, tagged_at) VALUES (?, ?, ?, ?)');
    const del = this.db.prepare('DELETE FROM release_tagged WHERE tag = ? AND build_id = ?');
    const hist = this.db.prepare('INSERT INTO release_tag_history (tag, build_id, action, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      let n = 0;
      for (const c of changes) {
        const changed = c.action === 'tag' ? add.run(c.tag, c.buildId, actor, now).changes : del.run(c.tag, c.buildId).changes;
        if (changed > 0) {
          hist.run(c.tag, c.buildId, c.action, actor, now, reason);
          n++;
        }
      }
      return n;
    })();
  }

  history(tag: string, limit = 200): TagHistoryRow[] {
    return this.db
      .prepare('SELECT h.*, b.nvr FROM release_tag_history h JOIN release_builds b ON b.id = h.build_id WHERE h.tag = ? ORDER BY h.id DESC LIMIT ?')
      .all(tag, limit) as TagHistoryRow[];
  }

  addCompose(c: Omit<ComposeRow, 'id' | 'published_at'>): ComposeRow {
    const id = this.db
      .prepare(
        'INSERT INTO release_composes (release, tag, kind, dir, build_ids, closure, unresolved, signed_key, created_at) VALUES (@release, @tag, @kind, @dir, @build_ids, @closure, @unresolved, @signed_key, @created_at)',
      )
      .run(c).lastInsertRowid;
    return this.compose(Number(id))!;
  }

  compose(id: number): ComposeRow | undefined {
    return this.db.prepare('SELECT * FROM release_composes WHERE id = ?').get(id) as ComposeRow | undefined;
  }

  latestCompose(release: string, kind: ComposeRow['kind']): ComposeRow | undefined {
    return this.db.prepare('SELECT * FROM release_composes WHERE release = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(release, kind) as
      ComposeRow | undefined;
  }

  /** The compose published last, if any. */
  published(release: string): ComposeRow | undefined {
    return this.db
      .prepare('SELECT * FROM release_composes WHERE release = ? AND published_at IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT 1')
      .get(release) as ComposeRow | undefined;
  }

  setSigned(id: number, key: string): void {
    this.db.prepare('UPDATE release_composes SET signed_key = ? WHERE id = ?').run(key, id);
  }

  markPublished(id: number, now = Date.now()): void {
    this.db.prepare('UPDATE release_composes SET published_at = ? WHERE id = ?').run(now, id);
  }

  startGateRun(composeId: number, job: string, logPath: string, now = Date.now()): number {
    return Number(
      this.db
        .prepare("INSERT INTO release_gate_runs (compose_id, job, state, log_path, started_at) VALUES (?, ?, 'running', ?, ?)")
        .run(composeId, job, logPath, now).lastInsertRowid,
    );
  }

  finishGateRun(id: number, success: boolean, exitCode: number | null, error: string | null, node: string | null, now = Date.now()): void {
    this.db
      .prepare('UPDATE release_gate_runs SET state = ?, exit_code = ?, error = ?, node = ?, finished_at = ? WHERE id = ?')
      .run(success ? 'success' : 'failure', exitCode, error, node, now, id);
  }

  /** Gate runs left running by a stop: failed (release.gate runs them again). */
  failInterruptedGates(now = Date.now()): number {
    return this.db
      .prepare("UPDATE release_gate_runs SET state = 'failure', error = 'interrupted (engine stopped mid-job)', finished_at = ? WHERE state = 'running'")
      .run(now).changes;
  }

  /** The newest run of each job on a compose. */
  gateRuns(composeId: number): GateRunRow[] {
    return this.db
      .prepare('SELECT * FROM release_gate_runs WHERE id IN (SELECT MAX(id) FROM release_gate_runs WHERE compose_id = ? GROUP BY job) ORDER BY job')
      .all(composeId) as GateRunRow[];
  }
}
