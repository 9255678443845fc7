export const pipelineMigration = `
CREATE TABLE nodes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  label TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('building','ready','in-use','used','deleting','failed','hold')),
  state_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  launch_attempts INTEGER NOT NULL DEFAULT 0,
  workspace TEXT,
  job_run_id INTEGER,
  error TEXT,
  hold_reason TEXT
);
CREATE INDEX nodes_state ON nodes (state);

CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  distro_hash TEXT NOT NULL,
  extended_hash TEXT,
  repo_path TEXT NOT NULL,
  trigger TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','running','success','failure','error')),
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
CREATE INDEX job_runs_state ON job_runs (state, id);
CREATE INDEX job_runs_repo ON job_runs (commit_hash, distro_hash, job);

CREATE TABLE votes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  commit_hash TEXT,
  distro_hash TEXT,
  extended_hash TEXT,
  aggregate_hash TEXT,
  ci_name TEXT NOT NULL,
  ci_url TEXT NOT NULL DEFAULT '',
  ci_vote INTEGER NOT NULL,
  ci_in_progress INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  user TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  job_run_id INTEGER
);
CREATE INDEX votes_repo ON votes (commit_hash, distro_hash, ci_name);
CREATE INDEX votes_job ON votes (ci_name, timestamp);
CREATE INDEX votes_time ON votes (timestamp);
CREATE INDEX votes_aggregate ON votes (aggregate_hash);

CREATE TABLE promotions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  commit_hash TEXT NOT NULL,
  distro_hash TEXT NOT NULL,
  extended_hash TEXT,
  repo_path TEXT NOT NULL,
  promote_name TEXT NOT NULL,
  previous_path TEXT,
  aggregate_hash TEXT,
  user TEXT NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX promotions_name ON promotions (promote_name, id);
CREATE INDEX promotions_repo ON promotions (commit_hash, distro_hash);
`;
