import type { Migration } from '../migrate.js';

/**
 * Release builds (upstream release tags built on the release distgit branch), CBS-like tags with their history,
 * composes of a tag (closure, gate runs, signing) and publications.
 */
const releasesMigration = `
CREATE TABLE release_builds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  release TEXT NOT NULL,
  package TEXT NOT NULL,
  upstream_tag TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  distgit_hash TEXT NOT NULL,
  version TEXT NOT NULL,
  build_n INTEGER NOT NULL,
  nvr TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('building','built','failed')),
  dir TEXT,
  log_path TEXT,
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX release_builds_package ON release_builds (release, package, state);

CREATE TABLE release_upstream (
  release TEXT NOT NULL,
  package TEXT NOT NULL,
  newest_tag TEXT,
  scanned_at INTEGER NOT NULL,
  PRIMARY KEY (release, package)
);

CREATE TABLE release_tagged (
  tag TEXT NOT NULL,
  build_id INTEGER NOT NULL REFERENCES release_builds(id),
  tagged_by TEXT NOT NULL,
  tagged_at INTEGER NOT NULL,
  PRIMARY KEY (tag, build_id)
);

CREATE TABLE release_tag_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tag TEXT NOT NULL,
  build_id INTEGER NOT NULL REFERENCES release_builds(id),
  action TEXT NOT NULL CHECK (action IN ('tag','untag')),
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  reason TEXT
);
CREATE INDEX release_tag_history_tag ON release_tag_history (tag, at);

CREATE TABLE release_composes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  release TEXT NOT NULL,
  tag TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('gate','signed')),
  dir TEXT NOT NULL,
  build_ids TEXT NOT NULL,
  closure TEXT NOT NULL CHECK (closure IN ('pass','fail')),
  unresolved TEXT NOT NULL,
  signed_key TEXT,
  created_at INTEGER NOT NULL,
  published_at INTEGER
);
CREATE INDEX release_composes_release ON release_composes (release, kind, id);

CREATE TABLE release_gate_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  compose_id INTEGER NOT NULL REFERENCES release_composes(id),
  job TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running','success','failure')),
  exit_code INTEGER,
  log_path TEXT NOT NULL,
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX release_gate_runs_compose ON release_gate_runs (compose_id, job);
`;

export const RELEASES_MIGRATIONS: readonly Migration[] = [{ id: 'releases/001-releases', sql: releasesMigration }];
