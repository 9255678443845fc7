import type { Migration } from '../migrate.js';

/**
 * Checklist runs and their steps. A run keeps the runbook it was started from (JSON), so a later edit of the
 * config does not change a run in flight; a step row records who, when, the result, notes and kept output.
 */
const runsMigration = `
CREATE TABLE checklist_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  checklist TEXT NOT NULL,
  release TEXT NOT NULL,
  title TEXT NOT NULL,
  runbook TEXT NOT NULL,
  t0 INTEGER NOT NULL,
  t0_entered INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  started_by TEXT NOT NULL,
  finished_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('active','done')),
  report_path TEXT
);
CREATE INDEX checklist_runs_state ON checklist_runs (state, id);
CREATE TABLE checklist_steps (
  run_id INTEGER NOT NULL REFERENCES checklist_runs(id),
  step TEXT NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','running','waiting','done','failed','skipped','interrupted')),
  actor TEXT,
  ready_at INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  result TEXT,
  notes TEXT,
  output TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  runner_pid INTEGER,
  PRIMARY KEY (run_id, step)
);
`;

/**
 * A run ended by `checklist abort` keeps why, so it never reads as finished; a run started without T0 takes it
 * from the step that marks the announcement, and says which.
 */
const abortedMigration = `
ALTER TABLE checklist_runs ADD COLUMN aborted_reason TEXT;
ALTER TABLE checklist_runs ADD COLUMN t0_step TEXT;
UPDATE checklist_runs SET aborted_reason = (
  SELECT notes FROM checklist_steps s WHERE s.run_id = checklist_runs.id AND s.result LIKE 'skipped: run aborted: %' LIMIT 1
) WHERE state = 'done';
`;

export const CHECKLISTS_MIGRATIONS: readonly Migration[] = [
  { id: 'checklists/001-runs', sql: runsMigration },
  { id: 'checklists/002-aborted', sql: abortedMigration },
];
