export const trunkMigration = `
CREATE TABLE packages (
  name TEXT PRIMARY KEY,
  project TEXT NOT NULL,
  component TEXT NOT NULL,
  upstream TEXT NOT NULL,
  upstream_branch TEXT NOT NULL,
  distgit TEXT NOT NULL,
  distgit_branch TEXT NOT NULL,
  maintainers TEXT NOT NULL
);

CREATE TABLE commits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  package TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  distro_hash TEXT NOT NULL,
  extended_hash TEXT,
  commit_branch TEXT NOT NULL,
  dt_commit INTEGER NOT NULL,
  dt_distro INTEGER NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('QUEUED','BUILDING','SUCCESS','FAILED','RETRY')),
  attempts INTEGER NOT NULL DEFAULT 0,
  queued_at INTEGER NOT NULL,
  UNIQUE (package, commit_hash, distro_hash, extended_hash)
);
CREATE INDEX commits_package ON commits (package, id);
CREATE INDEX commits_state ON commits (state);
CREATE INDEX commits_hash ON commits (commit_hash, distro_hash);

CREATE TABLE builds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  commit_id INTEGER NOT NULL REFERENCES commits(id),
  package TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('BUILDING','SUCCESS','FAILED','RETRY')),
  worker INTEGER,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  version TEXT,
  release TEXT,
  nvr TEXT,
  rpms TEXT NOT NULL DEFAULT '[]',
  log_path TEXT,
  repo_path TEXT,
  error TEXT
);
CREATE INDEX builds_commit ON builds (commit_id, id);
CREATE INDEX builds_package ON builds (package, id);
CREATE INDEX builds_package_status ON builds (package, status, id);

CREATE TABLE repos (
  path TEXT PRIMARY KEY,
  commit_id INTEGER NOT NULL REFERENCES commits(id),
  build_id INTEGER NOT NULL REFERENCES builds(id),
  created_at INTEGER NOT NULL,
  consistent INTEGER NOT NULL DEFAULT 0,
  purged_at INTEGER
);
CREATE INDEX repos_created ON repos (created_at);

CREATE TABLE skiplist (
  package TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  since INTEGER NOT NULL
);
`;
