/**
 * Aggregates (components on): each aggregate hash with the component repos its repo file names, and the history
 * of which aggregate each top-level label held.
 */
export const aggregatesMigration = `
CREATE TABLE aggregates (
  hash TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
CREATE TABLE aggregate_repos (
  hash TEXT NOT NULL REFERENCES aggregates(hash),
  component TEXT NOT NULL,
  repo_path TEXT NOT NULL,
  PRIMARY KEY (hash, component)
);
CREATE TABLE aggregate_labels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  label TEXT NOT NULL,
  hash TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX aggregate_labels_label ON aggregate_labels (label, id);
`;
