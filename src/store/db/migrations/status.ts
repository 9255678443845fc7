import type { Migration } from '../migrate.js';

/**
 * The status area: each service's current rule state (its hysteresis counters outlive a restart), the recent
 * probe results, time per state per UTC day (what the 90-day uptime bars are made of) and incidents.
 */
const statusMigration = `
CREATE TABLE status_services (
  service TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  fails INTEGER NOT NULL,
  oks INTEGER NOT NULL,
  slow INTEGER NOT NULL,
  fast INTEGER NOT NULL,
  since INTEGER NOT NULL,
  checked_at INTEGER NOT NULL,
  latency_ms INTEGER,
  error TEXT
);
CREATE TABLE status_results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  service TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX status_results_service ON status_results (service, at);
CREATE INDEX status_results_at ON status_results (at);
CREATE TABLE status_daily (
  service TEXT NOT NULL,
  day TEXT NOT NULL,
  operational_ms INTEGER NOT NULL DEFAULT 0,
  degraded_ms INTEGER NOT NULL DEFAULT 0,
  partial_ms INTEGER NOT NULL DEFAULT 0,
  major_ms INTEGER NOT NULL DEFAULT 0,
  maintenance_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (service, day)
);
CREATE INDEX status_daily_day ON status_daily (day);
CREATE TABLE status_incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('investigating','identified','monitoring','resolved')),
  impact TEXT NOT NULL CHECK (impact IN ('none','minor','major','critical')),
  services TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  monitoring_at INTEGER,
  resolved_at INTEGER,
  created_by TEXT NOT NULL
);
CREATE TABLE status_incident_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES status_incidents (id),
  at INTEGER NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  author TEXT NOT NULL
);
CREATE INDEX status_incident_updates_incident ON status_incident_updates (incident_id, at);
`;

export const STATUS_MIGRATIONS: readonly Migration[] = [{ id: 'status/001-status', sql: statusMigration }];
