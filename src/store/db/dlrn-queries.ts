/**
 * The reads behind the DLRN API, written for the indexes of migrations 001-003. Each filter combination is its
 * own statement (prepared once) so SQLite can pick an index for it; `(? IS NULL OR col = ?)` would defeat that.
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import type { PromotionRow, VoteRow } from './pipeline-store.js';

/** A hashed repo published for a SUCCESS build, as DLRN's `_get_commit` finds it. */
export interface ApiRepo {
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  package: string;
  component: string | null;
  path: string;
  created_at: number;
}

export interface VoteFilter {
  /** Votes newer than this (ms). */
  since: number;
  success?: boolean;
  job?: string;
  component?: string;
  /** Only votes on the component repos this aggregate names. */
  aggregateHash?: string;
}

export interface PromotionFilter {
  commitHash?: string;
  distroHash?: string;
  extendedHash?: string;
  aggregateHash?: string;
  label?: string;
  component?: string;
  offset: number;
  limit: number;
}

export type ApiPromotion = Omit<PromotionRow, 'previous_path'> & { component: string | null };

const REPO = `SELECT c.commit_hash, c.distro_hash, c.extended_hash, c.package, p.component, r.path, r.created_at
  FROM repos r JOIN commits c ON c.id = r.commit_id JOIN builds b ON b.id = r.build_id LEFT JOIN packages p ON p.name = c.package`;
const COMPONENT_OF_VOTE = `EXISTS (SELECT 1 FROM commits c JOIN packages p ON p.name = c.package
  WHERE c.commit_hash = v.commit_hash AND c.distro_hash = v.distro_hash AND p.component = @component)`;

const IN_AGGREGATE_OF_VOTE = `EXISTS (SELECT 1 FROM aggregate_repos ar JOIN repos r ON r.path = ar.repo_path JOIN commits c ON c.id = r.commit_id
  WHERE ar.hash = @aggregateHash AND c.commit_hash = v.commit_hash AND c.distro_hash = v.distro_hash)`;

const PROMOTION_COLUMNS = 'pr.id, pr.commit_hash, pr.distro_hash, pr.extended_hash, pr.aggregate_hash, pr.repo_path, pr.promote_name, pr.user, pr.timestamp';
const COMPONENT_OF_PROMOTION = `EXISTS (SELECT 1 FROM repos r JOIN commits c ON c.id = r.commit_id JOIN packages p ON p.name = c.package
  WHERE r.path = pr.repo_path AND p.component = @component)`;

export class DlrnQueries {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly promotionsById = new Map<number, ApiPromotion>();

  constructor(private readonly db: Db) {}

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The newest SUCCESS repo of a commit + distro hash (+ extended hash when given). */
  successRepo(commitHash: string, distroHash: string, extendedHash?: string | null): ApiRepo | undefined {
    const ext = extendedHash ? ' AND c.extended_hash = @extendedHash' : '';
    return this.stmt(
      `${REPO} WHERE c.commit_hash = @commitHash AND c.distro_hash = @distroHash${ext} AND b.status = 'SUCCESS' ORDER BY c.id DESC, r.created_at DESC LIMIT 1`,
    ).get({
      commitHash,
      distroHash,
      extendedHash: extendedHash ?? null,
    }) as ApiRepo | undefined;
  }

  /** Votes on a repo, oldest first; votes that name another extended hash are not this repo's. */
  votesOn(repo: ApiRepo, success?: boolean): VoteRow[] {
    const ok = success === undefined ? '' : ' AND ci_vote = @vote';
    const ext = repo.extended_hash === null ? '' : ' AND (extended_hash IS NULL OR extended_hash = @ext)';
    return this.stmt(`SELECT * FROM votes WHERE commit_hash = @commit AND distro_hash = @distro${ok}${ext} ORDER BY timestamp, id`).all({
      commit: repo.commit_hash,
      distro: repo.distro_hash,
      vote: success ? 1 : 0,
      ext: repo.extended_hash,
    }) as VoteRow[];
  }

  /** The newest vote on a repo matching the filter, other than DLRN's own `consistent` votes. */
  lastVote(f: VoteFilter): VoteRow | undefined {
    const where = ['v.timestamp > @since', 'v.commit_hash IS NOT NULL', "v.ci_name != 'consistent'"];
    if (f.success !== undefined) where.push('v.ci_vote = @vote');
    if (f.job !== undefined) where.push('v.ci_name = @job');
    if (f.component !== undefined) where.push(COMPONENT_OF_VOTE);
    if (f.aggregateHash !== undefined) where.push(IN_AGGREGATE_OF_VOTE);
    return this.stmt(`SELECT v.* FROM votes v WHERE ${where.join(' AND ')} ORDER BY v.timestamp DESC, v.id DESC LIMIT 1`).get({
      since: f.since,
      aggregateHash: f.aggregateHash ?? null,
      vote: f.success ? 1 : 0,
      job: f.job ?? null,
      component: f.component ?? null,
    }) as VoteRow | undefined;
  }

  /** The newest repo published as consistent after `since` (ms): what DLRN's `consistent` votes stand for. */
  lastConsistentRepo(since: number, component?: string, aggregateHash?: string): ApiRepo | undefined {
    const comp = component === undefined ? '' : ' AND p.component = @component';
    const agg = aggregateHash === undefined ? '' : ' AND r.path IN (SELECT repo_path FROM aggregate_repos WHERE hash = @aggregateHash)';
    return this.stmt(
      `${REPO} WHERE r.consistent = 1 AND r.created_at > @since AND b.status = 'SUCCESS'${comp}${agg} ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
    ).get({
      since,
      aggregateHash: aggregateHash ?? null,
      component: component ?? null,
    }) as ApiRepo | undefined;
  }

  /**
   * Promotions, newest first, with the component of the promoted package. Rows are never updated, so each is read
   * once and kept by id; a page is then one scan of an index for the ids.
   */
  promotions(f: PromotionFilter): ApiPromotion[] {
    const where: string[] = [];
    if (f.commitHash !== undefined) where.push('pr.commit_hash = @commitHash AND pr.distro_hash = @distroHash');
    if (f.extendedHash !== undefined) where.push('pr.extended_hash = @extendedHash');
    if (f.aggregateHash !== undefined) where.push('pr.aggregate_hash = @aggregateHash');
    if (f.label !== undefined) where.push('pr.promote_name = @label');
    if (f.component !== undefined) where.push(COMPONENT_OF_PROMOTION);
    const sql = `SELECT pr.id FROM promotions pr ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY pr.id DESC LIMIT @limit OFFSET @offset`;
    const ids = this.stmt(sql)
      .pluck()
      .all({
        commitHash: f.commitHash ?? null,
        distroHash: f.distroHash ?? null,
        extendedHash: f.extendedHash ?? null,
        aggregateHash: f.aggregateHash ?? null,
        label: f.label ?? null,
        component: f.component ?? null,
        limit: f.limit,
        offset: f.offset,
      }) as number[];
    return ids.map((id) => this.promotion(id));
  }

  private promotion(id: number): ApiPromotion {
    const known = this.promotionsById.get(id);
    if (known) return known;
    const row = this.stmt(
      `SELECT ${PROMOTION_COLUMNS}, p.component FROM promotions pr
      LEFT JOIN repos r ON r.path = pr.repo_path LEFT JOIN commits c ON c.id = r.commit_id LEFT JOIN packages p ON p.name = c.package
      WHERE pr.id = ?`,
    ).get(id) as ApiPromotion;
    if (this.promotionsById.size >= 50_000) this.promotionsById.clear();
    this.promotionsById.set(id, row);
    return row;
  }

  /**
   * Whether a promotion produced this aggregate hash, or the trunk made it for current or consistent (a vote on
   * an unknown one is refused).
   */
  aggregateKnown(aggregateHash: string): boolean {
    return (
      this.stmt('SELECT 1 FROM promotions WHERE aggregate_hash = ? LIMIT 1').get(aggregateHash) !== undefined ||
      this.stmt('SELECT 1 FROM aggregates WHERE hash = ?').get(aggregateHash) !== undefined
    );
  }

  /** The component of the package a hashed repo was built from. */
  componentOf(path: string): string | null {
    const row = this.stmt(
      'SELECT p.component FROM repos r JOIN commits c ON c.id = r.commit_id LEFT JOIN packages p ON p.name = c.package WHERE r.path = ?',
    ).get(path) as { component: string | null } | undefined;
    return row?.component ?? null;
  }

  /** Finished builds in [start, end) (ms), SUCCESS and FAILED (DLRN's /api/metrics/builds). */
  buildCounts(start: number, end: number, pkg?: string): { succeeded: number; failed: number } {
    const byPackage = pkg === undefined ? '' : ' AND package = @pkg';
    const rows = this.stmt(
      `SELECT status, COUNT(*) AS n FROM builds WHERE status IN ('SUCCESS', 'FAILED') AND finished_at >= @start AND finished_at < @end${byPackage} GROUP BY status`,
    ).all({ start, end, pkg: pkg ?? null }) as { status: string; n: number }[];
    const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return { succeeded: n('SUCCESS'), failed: n('FAILED') };
  }
}
