/**
 * `superseded` becomes a job run state of its own (it was `error` with a "superseded: …" message): SQLite
 * cannot change a CHECK constraint in place, so the table is rebuilt with the same rows.
 */
export const supersededMigration = `
CREATE TABLE job_runs_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  distro_hash TEXT NOT NULL,
  extended_hash TEXT,
  repo_path TEXT NOT NULL,
  trigger TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','running','success','failure','error','superseded')),
  attempt INTEGER NOT NULL DEFAULT 1,
  node_id INTEGER,
  node_name TEXT,
  queued_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  exit_code INTEGER,
  log_path TEXT,
  error TEXT
);
INSERT INTO job_runs_new SELECT id, job, commit_hash, distro_hash, extended_hash, repo_path, trigger,
  CASE WHEN state = 'error' AND error LIKE 'superseded%' THEN 'superseded' ELSE state END,
  attempt, node_id, node_name, queued_at, started_at, finished_at, exit_code, log_path, error FROM job_runs;
DROP TABLE job_runs;
ALTER TABLE job_runs_new RENAME TO job_runs;
CREATE INDEX job_runs_state ON job_runs (state, id);
CREATE INDEX job_runs_repo ON job_runs (commit_hash, distro_hash, job);
`;
