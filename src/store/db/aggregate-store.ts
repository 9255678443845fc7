/** The SQL of aggregates: which component repos an aggregate hash names, and what each label held. */
import type { Db } from './db.js';

export interface AggregateMember {
  component: string;
  repo_path: string;
}

/** Records an aggregate (once per hash) and that `label` now holds it (when it did not already). */
export function recordAggregate(db: Db, hash: string, members: readonly AggregateMember[], label: string, now: number): void {
  db.transaction(() => {
    const fresh = db.prepare('INSERT OR IGNORE INTO aggregates (hash, created_at) VALUES (?, ?)').run(hash, now).changes > 0;
    if (fresh) {
      const add = db.prepare('INSERT INTO aggregate_repos (hash, component, repo_path) VALUES (?, ?, ?)');
      for (const m of members) add.run(hash, m.component, m.repo_path);
    }
    const last = db.prepare('SELECT hash FROM aggregate_labels WHERE label = ? ORDER BY id DESC LIMIT 1').pluck().get(label) as string | undefined;
    if (last !== hash) db.prepare('INSERT INTO aggregate_labels (label, hash, at) VALUES (?, ?, ?)').run(label, hash, now);
  })();
}

/** The component repos an aggregate names, by component; empty for an unknown hash. */
export function aggregateMembers(db: Db, hash: string): AggregateMember[] {
  return db.prepare('SELECT component, repo_path FROM aggregate_repos WHERE hash = ? ORDER BY component').all(hash) as AggregateMember[];
}

export function aggregateExists(db: Db, hash: string): boolean {
  return db.prepare('SELECT 1 FROM aggregates WHERE hash = ?').get(hash) !== undefined;
}

/** The aggregates a label has held, newest first, each once, with when it last took it. */
export function aggregateHistory(db: Db, label: string, limit: number): { hash: string; at: number; created_at: number }[] {
  return db
    .prepare(
      `SELECT al.hash, MAX(al.at) AS at, a.created_at FROM aggregate_labels al JOIN aggregates a ON a.hash = al.hash
       WHERE al.label = ? GROUP BY al.hash ORDER BY MAX(al.id) DESC LIMIT ?`,
    )
    .all(label, limit) as { hash: string; at: number; created_at: number }[];
}

/** Component names that have at least one published repo. */
export function componentsWithRepos(db: Db): string[] {
  return db
    .prepare(
      `SELECT DISTINCT p.component FROM repos r JOIN commits c ON c.id = r.commit_id JOIN packages p ON p.name = c.package
       WHERE r.path LIKE 'component/%' ORDER BY p.component`,
    )
    .pluck()
    .all() as string[];
}

/** The newest published repo under `prefix` (a component's `component/<name>/`), of all or consistent ones only. */
export function newestRepoUnder(db: Db, prefix: string, consistentOnly: boolean): string | undefined {
  return db
    .prepare(
      `SELECT path FROM repos WHERE purged_at IS NULL AND substr(path, 1, ?) = ? ${consistentOnly ? 'AND consistent = 1' : ''}
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    )
    .pluck()
    .get(prefix.length, prefix) as string | undefined;
}
