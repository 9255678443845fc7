/** The SQL of DLRN's vote pages and aggregate votes. */
import type { Db } from './db.js';
import type { VoteRow } from './pipeline-store.js';

export function civoteGroups(
  db: Db,
  params: Record<string, string | number | null>,
): {
  commit_hash: string;
  distro_hash: string;
  last: number;
  passed: number;
  failed: number;
  component: string | null;
}[] {
  return db
    .prepare(
      `SELECT v.commit_hash, v.distro_hash, MAX(v.timestamp) AS last,
              SUM(v.ci_vote = 1 AND v.ci_in_progress = 0) AS passed, SUM(v.ci_vote = 0 AND v.ci_in_progress = 0) AS failed,
              (SELECT p.component FROM commits c JOIN packages p ON p.name = c.package WHERE c.commit_hash = v.commit_hash LIMIT 1) AS component
       FROM votes v WHERE v.commit_hash IS NOT NULL AND v.ci_name != 'consistent' AND (@ci IS NULL OR v.ci_name = @ci)
       GROUP BY v.commit_hash, v.distro_hash ORDER BY last DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as {
    commit_hash: string;
    distro_hash: string;
    last: number;
    passed: number;
    failed: number;
    component: string | null;
  }[];
}

export function civotesOn(db: Db, params: Record<string, string | number | null>): VoteRow[] {
  return db
    .prepare(
      `SELECT * FROM votes WHERE ci_name != 'consistent' AND (@c IS NULL OR (commit_hash = @c AND distro_hash = @d)) AND (@ci IS NULL OR ci_name = @ci)
       ORDER BY timestamp DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as VoteRow[];
}

export function aggregateVotes(db: Db, params: Record<string, string | number | null>): VoteRow[] {
  return db
    .prepare(
      `SELECT * FROM votes WHERE aggregate_hash IS NOT NULL AND (@a IS NULL OR aggregate_hash = @a)
       ORDER BY timestamp DESC, id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as VoteRow[];
}

/** Votes on an aggregate hash, oldest first; `success` filters by result. */
export function votesOnAggregate(db: Db, aggregateHash: string, success: boolean | undefined): VoteRow[] {
  return db
    .prepare('SELECT * FROM votes WHERE aggregate_hash = ? AND (? IS NULL OR ci_vote = ?) ORDER BY timestamp, id')
    .all(aggregateHash, success === undefined ? null : 1, success ? 1 : 0) as VoteRow[];
}
