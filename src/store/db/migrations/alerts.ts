import type { Migration } from '../migrate.js';

/** The alerts as of the last evaluation (pending, firing, recently resolved), so `for` survives a restart. */
const alertsMigration = `
CREATE TABLE alerts (
  fingerprint TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','firing','resolved')),
  body TEXT NOT NULL,
  active_at INTEGER NOT NULL,
  fired_at INTEGER,
  resolved_at INTEGER,
  notified INTEGER NOT NULL DEFAULT 0
);
`;

/** Alertmanager's silences: matchers on labels for a time, who made them and why; expiring early ends them now. */
const silencesMigration = `
CREATE TABLE silences (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expired_by TEXT
);
CREATE INDEX silences_ends ON silences (ends_at);
`;

export const ALERTS_MIGRATIONS: readonly Migration[] = [
  { id: 'alerts/001-alerts', sql: alertsMigration },
  { id: 'alerts/002-silences', sql: silencesMigration },
];
