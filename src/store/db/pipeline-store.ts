import type { Db } from './db.js';

import type { JobRunState, NodeState } from '../../engine/ci/types.js';

export type { JobRunState, NodeState };

export interface NodeRow {
  id: number;
  name: string;
  provider: string;
  label: string;
  state: NodeState;
  state_at: number;
  created_at: number;
  launch_attempts: number;
  workspace: string | null;
  job_run_id: number | null;
  error: string | null;
  hold_reason: string | null;
}

export interface JobRunRow {
  id: number;
  job: string;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  repo_path: string;
  trigger: string;
  state: JobRunState;
  attempt: number;
  node_id: number | null;
  /** Kept on the run: nodes are deleted after use. */
  node_name: string | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  exit_code: number | null;
  log_path: string | null;
  error: string | null;
}

export interface VoteRow {
  id: number;
  commit_hash: string | null;
  distro_hash: string | null;
  extended_hash: string | null;
  aggregate_hash: string | null;
  ci_name: string;
  ci_url: string;
  ci_vote: number;
  ci_in_progress: number;
  notes: string;
  user: string;
  timestamp: number;
  job_run_id: number | null;
}

export interface PromotionRow {
  id: number;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  repo_path: string;
  promote_name: string;
  previous_path: string | null;
  aggregate_hash: string | null;
  user: string;
  timestamp: number;
}

export type NewVote = Omit<VoteRow, 'id'>;
export type NewPromotion = Omit<PromotionRow, 'id'>;

/** A hashed repo as the pipeline sees it: its path and the build it was published for. */
export interface RepoRef {
  path: string;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  package: string;
  build_status: string;
  created_at: number;
  purged_at: number | null;
  consistent: number;
}

const REPO_REF = `SELECT r.path, c.commit_hash, c.distro_hash, c.extended_hash, c.package, b.status AS build_status,
  r.created_at, r.purged_at, r.consistent FROM repos r JOIN commits c ON c.id = r.commit_id JOIN builds b ON b.id = r.build_id`;

/** Queries and writes of the CI pool, job runs, votes and promotions. */
export class PipelineStore {
  constructor(readonly db: Db) {}

  // nodes

  /** A new node in `building`, named `<label>-<id>` (nodepool style). */
  insertNode(provider: string, label: string, now: number): NodeRow {
    return this.db.transaction(() => {
      const r = this.db
        .prepare("INSERT INTO nodes (name, provider, label, state, state_at, created_at) VALUES (?, ?, ?, 'building', ?, ?)")
        .run(`${label}-new-${now}-${Math.random()}`, provider, label, now, now);
      const id = Number(r.lastInsertRowid);
      this.db.prepare('UPDATE nodes SET name = ? WHERE id = ?').run(`${label}-${String(id).padStart(4, '0')}`, id);
      return this.node(id)!;
    })();
  }

  node(id: number): NodeRow | undefined {
    return this.db.prepare('SELECT * FROM nodes WHERE id = ?').get(id) as NodeRow | undefined;
  }

  nodeByName(name: string): NodeRow | undefined {
    return this.db.prepare('SELECT * FROM nodes WHERE name = ?').get(name) as NodeRow | undefined;
  }

  nodes(): NodeRow[] {
    return this.db.prepare('SELECT * FROM nodes ORDER BY id').all() as NodeRow[];
  }

  nodesIn(state: NodeState): NodeRow[] {
    return this.db.prepare('SELECT * FROM nodes WHERE state = ? ORDER BY id').all(state) as NodeRow[];
  }

  /** Moves a node from one of `from` to `to`; false when it was no longer in one of them. */
  setNodeState(
    id: number,
    from: readonly NodeState[],
    to: NodeState,
    now: number,
    fields: Partial<Pick<NodeRow, 'workspace' | 'job_run_id' | 'error' | 'hold_reason' | 'launch_attempts'>> = {},
  ): boolean {
    const sets = ['state = @to', 'state_at = @now', ...Object.keys(fields).map((k) => `${k} = @${k}`)];
    const r = this.db
      .prepare(`UPDATE nodes SET ${sets.join(', ')} WHERE id = @id AND state IN (${from.map((s) => `'${s}'`).join(',')})`)
      .run({ ...fields, to, now, id });
    return r.changes === 1;
  }

  deleteNode(id: number): void {
    this.db.prepare('DELETE FROM nodes WHERE id = ?').run(id);
  }

  // job runs

  queueRun(r: Pick<JobRunRow, 'job' | 'commit_hash' | 'distro_hash' | 'extended_hash' | 'repo_path' | 'trigger' | 'attempt'>, now: number): JobRunRow {
    const res = this.db
      .prepare(
        `INSERT INTO job_runs (job, commit_hash, distro_hash, extended_hash, repo_path, trigger, state, attempt, queued_at)
         VALUES (@job, @commit_hash, @distro_hash, @extended_hash, @repo_path, @trigger, 'queued', @attempt, @now)`,
      )
      .run({ ...r, now });
    return this.run(Number(res.lastInsertRowid))!;
  }

  run(id: number): JobRunRow | undefined {
    return this.db.prepare('SELECT * FROM job_runs WHERE id = ?').get(id) as JobRunRow | undefined;
  }

  runsOf(job: string, commitHash: string, distroHash: string): JobRunRow[] {
    return this.db
      .prepare('SELECT * FROM job_runs WHERE job = ? AND commit_hash = ? AND distro_hash = ? ORDER BY id')
      .all(job, commitHash, distroHash) as JobRunRow[];
  }

  runsIn(state: JobRunState): JobRunRow[] {
    return this.db.prepare('SELECT * FROM job_runs WHERE state = ? ORDER BY id').all(state) as JobRunRow[];
  }

  recentRuns(limit: number): JobRunRow[] {
    return this.db.prepare("SELECT * FROM job_runs WHERE state NOT IN ('queued','running') ORDER BY id DESC LIMIT ?").all(limit) as JobRunRow[];
  }

  /** Claims a queued run for a node; false when someone else claimed it first. */
  startRun(id: number, nodeId: number, logPath: string, now: number): boolean {
    return (
      this.db
        .prepare(
          "UPDATE job_runs SET state = 'running', node_id = ?, node_name = (SELECT name FROM nodes WHERE id = ?), started_at = ?, log_path = ? WHERE id = ? AND state = 'queued'",
        )
        .run(nodeId, nodeId, now, logPath, id).changes === 1
    );
  }

  finishRun(id: number, state: Exclude<JobRunState, 'queued' | 'running'>, now: number, exitCode: number | null, error: string | null): void {
    this.db.prepare('UPDATE job_runs SET state = ?, finished_at = ?, exit_code = ?, error = ? WHERE id = ?').run(state, now, exitCode, error, id);
  }

  // votes

  insertVote(v: NewVote): VoteRow {
    const r = this.db
      .prepare(
        `INSERT INTO votes (commit_hash, distro_hash, extended_hash, aggregate_hash, ci_name, ci_url, ci_vote, ci_in_progress, notes, user, timestamp, job_run_id)
         VALUES (@commit_hash, @distro_hash, @extended_hash, @aggregate_hash, @ci_name, @ci_url, @ci_vote, @ci_in_progress, @notes, @user, @timestamp, @job_run_id)`,
      )
      .run(v);
    return { ...v, id: Number(r.lastInsertRowid) };
  }

  /** Votes on one repo hash, oldest first. */
  votesOn(commitHash: string, distroHash: string): VoteRow[] {
    return this.db.prepare('SELECT * FROM votes WHERE commit_hash = ? AND distro_hash = ? ORDER BY timestamp, id').all(commitHash, distroHash) as VoteRow[];
  }

  // promotions

  insertPromotion(p: NewPromotion): PromotionRow {
    const r = this.db
      .prepare(
        `INSERT INTO promotions (commit_hash, distro_hash, extended_hash, repo_path, promote_name, previous_path, aggregate_hash, user, timestamp)
         VALUES (@commit_hash, @distro_hash, @extended_hash, @repo_path, @promote_name, @previous_path, @aggregate_hash, @user, @timestamp)`,
      )
      .run(p);
    return { ...p, id: Number(r.lastInsertRowid) };
  }

  /** Promotions, newest first, optionally of one label. */
  promotions(filter: { label?: string; commitHash?: string; distroHash?: string; offset?: number; limit?: number } = {}): PromotionRow[] {
    const where: string[] = [];
    if (filter.label !== undefined) where.push('promote_name = @label');
    if (filter.commitHash !== undefined) where.push('commit_hash = @commitHash');
    if (filter.distroHash !== undefined) where.push('distro_hash = @distroHash');
    return this.db
      .prepare(`SELECT * FROM promotions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...filter, limit: filter.limit ?? 100, offset: filter.offset ?? 0 }) as PromotionRow[];
  }

  /** When the label last moved to `path`, if it was by a promotion. */
  lastPromotionTo(label: string, path: string): PromotionRow | undefined {
    return this.db.prepare('SELECT * FROM promotions WHERE promote_name = ? AND repo_path = ? ORDER BY id DESC LIMIT 1').get(label, path) as
      PromotionRow | undefined;
  }

  // repos

  repoByPath(path: string): RepoRef | undefined {
    return this.db.prepare(`${REPO_REF} WHERE r.path = ?`).get(path) as RepoRef | undefined;
  }

  /** Repos of the commits whose hash is or starts with `commitHash` (the console shows 8 characters). */
  reposOfCommit(commitHash: string): RepoRef[] {
    const exact = commitHash.length === 40;
    return this.db
      .prepare(`${REPO_REF} WHERE ${exact ? 'c.commit_hash = ?' : 'c.commit_hash >= ? AND c.commit_hash < ?'} ORDER BY r.created_at DESC, r.rowid DESC`)
      .all(...(exact ? [commitHash] : [commitHash, `${commitHash}g`])) as RepoRef[];
  }

  reposOf(commitHash: string, distroHash: string): RepoRef[] {
    return this.db
      .prepare(`${REPO_REF} WHERE c.commit_hash = ? AND c.distro_hash = ? ORDER BY r.created_at DESC, r.rowid DESC`)
      .all(commitHash, distroHash) as RepoRef[];
  }

  /** Repos that were consistent when published, newest first: what `consistent` has pointed at. */
  consistentRepos(limit: number): RepoRef[] {
    return this.db.prepare(`${REPO_REF} WHERE r.consistent = 1 ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`).all(limit) as RepoRef[];
  }

  /** Every published repo, newest first: what `current` has pointed at. */
  recentRepos(limit: number): RepoRef[] {
    return this.db.prepare(`${REPO_REF} ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`).all(limit) as RepoRef[];
  }

  // counts, for metrics

  nodeCountsByState(): Map<string, number> {
    return this.countsBy('SELECT state AS k, COUNT(*) AS n FROM nodes GROUP BY state');
  }

  runCountsByState(): Map<string, number> {
    return this.countsBy('SELECT state AS k, COUNT(*) AS n FROM job_runs GROUP BY state');
  }

  promotionCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM promotions').get() as { n: number }).n;
  }

  /** When `label` last moved, or undefined if never. */
  lastPromotionTime(label: string): number | undefined {
    return (this.db.prepare('SELECT timestamp FROM promotions WHERE promote_name = ? ORDER BY id DESC LIMIT 1').get(label) as { timestamp: number } | undefined)
      ?.timestamp;
  }

  /** Queued and running job runs, oldest first. */
  activeRuns(): JobRunRow[] {
    return this.db.prepare("SELECT * FROM job_runs WHERE state IN ('queued', 'running') ORDER BY id").all() as JobRunRow[];
  }

  private countsBy(sql: string): Map<string, number> {
    return new Map((this.db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  }
}
