/** What the rsync publish target copies: repos and aggregates published since a time. */
import type { Db } from './db.js';

/** Hashed repos (not purged) and aggregate hashes made after `since` (ms), oldest first. */
export function publishedSince(db: Db, since: number): { repos: string[]; aggregates: string[]; newest: number } {
  const repos = db.prepare('SELECT path, created_at FROM repos WHERE purged_at IS NULL AND created_at > ? ORDER BY created_at').all(since) as {
    path: string;
    created_at: number;
  }[];
  const aggregates = db.prepare('SELECT hash, created_at FROM aggregates WHERE created_at > ? ORDER BY created_at').all(since) as {
    hash: string;
    created_at: number;
  }[];
  const newest = Math.max(since, ...repos.map((r) => r.created_at), ...aggregates.map((a) => a.created_at));
  return { repos: repos.map((r) => r.path), aggregates: aggregates.map((a) => a.hash), newest };
}
