import type { Migration } from '../migrate.js';

/**
 * The replica's own tables (never replicated, never compared by verify): the row changes captured on a primary,
 * this node's role and position, the replicas a primary has heard from, and the verifies run here.
 */
const replicaMigration = `
CREATE TABLE replica_changes (
  pos INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('I','U','D')),
  rid INTEGER NOT NULL,
  row TEXT
);
CREATE TABLE replica_node (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  node_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('primary','replica','fenced')),
  generation INTEGER NOT NULL,
  primary_url TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  copied INTEGER NOT NULL DEFAULT 0,
  fenced_by TEXT,
  fence_target TEXT,
  hold_at INTEGER,
  hold_until INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE replica_peers (
  node_id TEXT PRIMARY KEY,
  url TEXT,
  generation INTEGER NOT NULL,
  position INTEGER NOT NULL,
  last_contact INTEGER NOT NULL
);
CREATE TABLE replica_verifies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  first_difference TEXT,
  detail TEXT NOT NULL
);
`;

export const REPLICA_MIGRATIONS: readonly Migration[] = [{ id: 'replica/001-replica', sql: replicaMigration }];
