import type { Db } from './db.js';
import { LEGACY_VERSIONS } from './migrations/index.js';

/** One schema change of one area; its id (`<area>/<nnn>-<what>`) is recorded once applied. Never edit one. */
export interface Migration {
  id: string;
  sql: string;
}

/** Ids of the migrations applied to this database, in the order they were applied. */
export function appliedMigrations(db: Db): string[] {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return [];
  return (db.prepare('SELECT id FROM schema_migrations ORDER BY rowid').all() as { id: string }[]).map((r) => r.id);
}

/**
 * Applies, each in its own transaction, the migrations not applied yet, in the order given. A database that
 * records a migration this program does not know was made by a newer rdo-console: refused, nothing changes.
 */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    adoptLegacyVersion(db);
  }).immediate();
  const known = new Set(migrations.map((m) => m.id));
  const unknown = appliedMigrations(db).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`database has schema migrations this rdo-console does not know (${unknown.join(', ')}): it was written by a newer version`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id)) return;
      db.exec(m.sql);
      record.run(m.id, Date.now());
    }).immediate();
  }
}

/** PRAGMA user_version counted the first migrations before they had ids: record those as applied. */
function adoptLegacyVersion(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) return;
  if (version > LEGACY_VERSIONS.length) throw new Error(`database schema version ${version} is newer than this rdo-console (${LEGACY_VERSIONS.length})`);
  const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (id, applied_at) VALUES (?, 0)');
  for (const ids of LEGACY_VERSIONS.slice(0, version)) for (const id of ids) record.run(id);
  db.pragma('user_version = 0');
}
