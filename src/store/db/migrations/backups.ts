import type { Migration } from '../migrate.js';

/** One row per backup, check or drill the engine ran: what the pane and the alert facts read. */
const backupRunsMigration = `
CREATE TABLE backup_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('backup','check','drill','forget')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  ok INTEGER,
  snapshot_id TEXT,
  data_added INTEGER,
  total_bytes INTEGER,
  detail TEXT,
  error TEXT
);
CREATE INDEX backup_runs_kind ON backup_runs (kind, ok, finished_at);
`;

export const BACKUPS_MIGRATIONS: readonly Migration[] = [{ id: 'backups/001-backup-runs', sql: backupRunsMigration }];
