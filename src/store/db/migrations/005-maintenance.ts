/** Maintenance windows: one-off, or one occurrence of a configured recurring schedule (`series`). */
export const maintenanceMigration = `
CREATE TABLE maintenance_windows (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  series TEXT,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  services TEXT NOT NULL,
  loops TEXT NOT NULL,
  short_notice_reason TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  ended_early_at INTEGER,
  CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_time ON maintenance_windows (starts_at, ends_at);
`;
