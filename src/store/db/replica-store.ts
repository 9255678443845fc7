import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { appliedMigrations } from './migrate.js';

/** One captured row change: its position, when (primary's clock, ms), table, op, old rowid, new row (JSON array). */
export type Change = [pos: number, ts: number, table: string, op: 'I' | 'U' | 'D', rid: number, row: string | null];

export type NodeRole = 'primary' | 'replica' | 'fenced';

export interface NodeRow {
  node_id: string;
  role: NodeRole;
  generation: number;
  primary_url: string | null;
  position: number;
  /** 1 once the initial copy is in (a replica that has not copied yet follows nothing). */
  copied: number;
  fenced_by: string | null;
  /** The old primary a promoted replica still has to tell of its generation (null once told). */
  fence_target: string | null;
  hold_at: number | null;
  hold_until: number | null;
  updated_at: number;
}

export interface PeerRow {
  node_id: string;
  url: string | null;
  generation: number;
  position: number;
  last_contact: number;
}

export interface VerifyRow {
  id: number;
  at: number;
  position: number;
  ok: number;
  first_difference: string | null;
  detail: string;
}

export interface TableSum {
  table: string;
  count: number;
  checksum: string;
}

export interface SchemaVersion {
  version: string;
  migrations: string[];
}

interface TableInfo {
  name: string;
  columns: string[];
  /** The table has an INTEGER PRIMARY KEY: that column is its rowid. */
  rowidAlias: boolean;
}

const OWN_TABLES = /^(sqlite_|replica_)/;
const NOT_REPLICATED = new Set(['schema_migrations']);
const CAPTURE_PREFIX = 'replica_capture_';
const NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The tables a replica copies and follows: every table but SQLite's own, the replica's and schema_migrations. */
export function replicatedTables(db: Db): TableInfo[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !OWN_TABLES.test(n) && !NOT_REPLICATED.has(n));
  return names.map((name) => {
    const cols = db.prepare(`PRAGMA table_info(${q(name)})`).all() as { name: string; type: string; pk: number }[];
    const pks = cols.filter((c) => c.pk > 0);
    const rowidAlias = pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER';
    return { name, columns: cols.map((c) => c.name), rowidAlias };
  });
}

/** The schema a database is at: its applied migration ids, and a short digest of them to compare. */
export function schemaOf(db: Db): SchemaVersion {
  const migrations = appliedMigrations(db);
  return { version: createHash('sha256').update(migrations.join('\n')).digest('hex').slice(0, 16), migrations };
}

/**
 * (Re)creates the triggers that record every row change of every replicated table into replica_changes, in the
 * transaction of the change itself. Regenerated on every open, so a migration's new table or column is covered.
 */
export function installCapture(db: Db): void {
  db.transaction(() => {
    dropCaptureTriggers(db);
    for (const t of replicatedTables(db)) {
      const values = t.columns.map((c) => `, NEW.${q(c)}`).join('');
      const row = `json_array(NEW.rowid${values})`;
      // An update says which columns changed (a bit each, up to 52 columns; -1: all, or the rowid moved), so the replica rewrites
      // only those and the indexes on them.
      const bits = t.columns.length <= 52 ? t.columns.map((c, i) => `((OLD.${q(c)} IS NOT NEW.${q(c)}) << ${i})`).join(' | ') || '0' : '-1';
      const changed = `json_array(NEW.rowid, CASE WHEN OLD.rowid IS NOT NEW.rowid THEN -1 ELSE (${bits}) END${values})`;
      const capture = (op: 'I' | 'U' | 'D', rid: string, value: string) =>
        `INSERT INTO replica_changes (ts, tbl, op, rid, row) VALUES (${NOW_MS}, ${lit(t.name)}, '${op}', ${rid}, ${value});`;
      db.exec(`CREATE TRIGGER ${q(`${CAPTURE_PREFIX}${t.name}_i`)} AFTER INSERT ON ${q(t.name)} BEGIN ${capture('I', 'NEW.rowid', row)} END`);
      db.exec(`CREATE TRIGGER ${q(`${CAPTURE_PREFIX}${t.name}_u`)} AFTER UPDATE ON ${q(t.name)} BEGIN ${capture('U', 'OLD.rowid', changed)} END`);
      db.exec(`CREATE TRIGGER ${q(`${CAPTURE_PREFIX}${t.name}_d`)} AFTER DELETE ON ${q(t.name)} BEGIN ${capture('D', 'OLD.rowid', 'NULL')} END`);
    }
  }).immediate();
}

/** A replica records nothing: it only applies what its primary captured. */
export function dropCapture(db: Db): void {
  db.transaction(() => dropCaptureTriggers(db)).immediate();
}

function dropCaptureTriggers(db: Db): void {
  const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'replica\\_capture\\_%' ESCAPE '\\'").all() as {
    name: string;
  }[];
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${q(name)}`);
}

export function captureTriggerCount(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'replica\\_capture\\_%' ESCAPE '\\'").get() as { n: number })
    .n;
}

/** SQL for the replica's side: this node's role and position, the changes log, peers, verifies, checksums. */
export class ReplicaStore {
  private readonly applyStatements = new Map<string, Database.Statement>();
  private tables: Map<string, TableInfo> | null = null;

  constructor(readonly db: Db) {}

  /** This node; a database that never had one is a primary of generation 1. */
  node(): NodeRow {
    const row = this.db.prepare('SELECT * FROM replica_node WHERE id = 1').get() as NodeRow | undefined;
    if (row) return row;
    this.db
      .prepare("INSERT OR IGNORE INTO replica_node (id, node_id, role, generation, updated_at) VALUES (1, ?, 'primary', 1, ?)")
      .run(randomBytes(8).toString('hex'), Date.now());
    return this.db.prepare('SELECT * FROM replica_node WHERE id = 1').get() as NodeRow;
  }

  setNode(fields: Partial<Omit<NodeRow, 'node_id' | 'updated_at'>>): NodeRow {
    this.node();
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length > 0) {
      this.db
        .prepare(`UPDATE replica_node SET ${keys.map((k) => `${k} = @${k}`).join(', ')}, updated_at = @now WHERE id = 1`)
        .run({ ...fields, now: Date.now() });
    }
    return this.node();
  }

  /** The newest position handed out on this primary (kept by AUTOINCREMENT even once pruned). */
  head(): number {
    const r = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'replica_changes'").get() as { seq: number } | undefined;
    return r?.seq ?? 0;
  }

  /** The oldest position still held (changes before it were pruned), or head + 1 when none are held. */
  oldest(): number {
    const r = this.db.prepare('SELECT MIN(pos) AS p FROM replica_changes').get() as { p: number | null };
    return r.p ?? this.head() + 1;
  }

  /** The primary's clock time of the change at `pos` (null when not held). */
  changeTime(pos: number): number | null {
    return (this.db.prepare('SELECT ts FROM replica_changes WHERE pos = ?').get(pos) as { ts: number } | undefined)?.ts ?? null;
  }

  changesAfter(after: number, limit: number, upto?: number): Change[] {
    return this.db
      .prepare('SELECT pos, ts, tbl, op, rid, row FROM replica_changes WHERE pos > ? AND pos <= ? ORDER BY pos LIMIT ?')
      .raw()
      .all(after, upto ?? Number.MAX_SAFE_INTEGER, limit) as Change[];
  }

  /** Drops the changes every replica has applied (`upto`), and beyond `cap` held changes the oldest anyway. */
  prune(upto: number, cap: number): number {
    const byCap = this.head() - cap;
    return this.db.prepare('DELETE FROM replica_changes WHERE pos <= ?').run(Math.max(upto, byCap)).changes;
  }

  /** Every replica that has pulled from this primary. */
  peers(): PeerRow[] {
    return this.db.prepare('SELECT * FROM replica_peers ORDER BY node_id').all() as PeerRow[];
  }

  recordPeer(p: PeerRow): void {
    this.db
      .prepare(
        `INSERT INTO replica_peers (node_id, url, generation, position, last_contact) VALUES (@node_id, @url, @generation, @position, @last_contact)
         ON CONFLICT(node_id) DO UPDATE SET url = COALESCE(excluded.url, url), generation = excluded.generation, position = excluded.position, last_contact = excluded.last_contact`,
      )
      .run(p);
  }

  forgetPeers(): void {
    this.db.prepare('DELETE FROM replica_peers').run();
  }

  /**
   * Applies a batch of the primary's changes and the new position in one transaction, if this replica is still
   * at `after` (another process may have applied it already: then nothing happens). Returns how many it applied.
   */
  apply(after: number, changes: readonly Change[], newPosition: number): number {
    return this.db
      .transaction(() => {
        const node = this.node();
        if (node.role !== 'replica' || node.position !== after) return 0;
        // A verify holds the replica at the position it compares (until the hold expires).
        const held = node.hold_at !== null && (node.hold_until ?? 0) > Date.now() ? node.hold_at : Number.MAX_SAFE_INTEGER;
        const batch = changes.filter((c) => c[0] <= held);
        if (batch.length === 0) return 0;
        for (const c of batch) this.applyOne(c);
        const position = batch.length === changes.length ? newPosition : batch.at(-1)![0];
        this.db.prepare('UPDATE replica_node SET position = ?, updated_at = ? WHERE id = 1').run(position, Date.now());
        return batch.length;
      })
      .immediate();
  }

  private applyOne([pos, , table, op, rid, row]: Change): void {
    const t = this.tableInfo(table);
    if (!t) throw new Error(`change ${pos} is on table ${table}, which this replica does not have`);
    if (op === 'D') {
      this.applyStatement(t, 'D', []).run(rid);
      return;
    }
    const values = JSON.parse(row ?? '[]') as unknown[];
    if (op === 'I') {
      const cols = t.rowidAlias ? t.columns : ['rowid', ...t.columns];
      this.applyStatement(t, 'I', cols).run(...(t.rowidAlias ? values.slice(1) : values));
      return;
    }
    const mask = values[1] as number;
    const rest = values.slice(2);
    if (mask === -1) {
      const cols = t.rowidAlias ? t.columns : ['rowid', ...t.columns];
      this.applyStatement(t, 'U', cols).run(...(t.rowidAlias ? rest : [values[0], ...rest]), rid);
      return;
    }
    const changed = t.columns.flatMap((_c, i) => (Math.floor(mask / 2 ** i) % 2 === 1 ? [i] : []));
    if (changed.length === 0) return;
    this.applyStatement(
      t,
      'U',
      changed.map((i) => t.columns[i]!),
    ).run(...changed.map((i) => rest[i]), rid);
  }

  private tableInfo(name: string): TableInfo | undefined {
    this.tables ??= new Map(replicatedTables(this.db).map((t) => [t.name, t]));
    return this.tables.get(name);
  }

  private applyStatement(t: TableInfo, op: 'I' | 'U' | 'D', cols: readonly string[]): Database.Statement {
    const key = `${op}:${t.name}:${cols.join(',')}`;
    let stmt = this.applyStatements.get(key);
    if (!stmt) {
      const sql =
        op === 'D'
          ? `DELETE FROM ${q(t.name)} WHERE rowid = ?`
          : op === 'I'
            ? `INSERT OR REPLACE INTO ${q(t.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
            : `UPDATE OR REPLACE ${q(t.name)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE rowid = ?`;
      stmt = this.db.prepare(sql);
      this.applyStatements.set(key, stmt);
    }
    return stmt;
  }

  /**
   * Replaces every replicated table's rows (and their AUTOINCREMENT counters) with those of a snapshot file,
   * in one transaction; this node becomes a replica at the snapshot's position. Returns that position.
   */
  copyFrom(file: string, primaryUrl: string, generation: number): number {
    this.db.pragma('foreign_keys = OFF');
    this.db.prepare('ATTACH DATABASE ? AS snap').run(file);
    try {
      return this.db
        .transaction(() => {
          dropCaptureTriggers(this.db);
          for (const t of replicatedTables(this.db)) {
            const cols = (t.rowidAlias ? t.columns : ['rowid', ...t.columns]).map(q).join(', ');
            this.db.exec(`DELETE FROM main.${q(t.name)}`);
            this.db.exec(`INSERT INTO main.${q(t.name)} (${cols}) SELECT ${cols} FROM snap.${q(t.name)}`);
          }
          const counters = this.db.prepare('SELECT name, seq FROM snap.sqlite_sequence').all() as { name: string; seq: number }[];
          this.db.exec("DELETE FROM main.sqlite_sequence WHERE name <> 'replica_changes'");
          const put = this.db.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)');
          let position = 0;
          for (const c of counters) {
            if (c.name === 'replica_changes') position = c.seq;
            else if (!OWN_TABLES.test(c.name)) put.run(c.name, c.seq);
          }
          this.db.exec('DELETE FROM replica_changes');
          this.db.exec('DELETE FROM replica_peers');
          this.setNode({
            role: 'replica',
            generation,
            primary_url: primaryUrl,
            position,
            copied: 1,
            fenced_by: null,
            fence_target: null,
            hold_at: null,
            hold_until: null,
          });
          return position;
        })
        .immediate();
    } finally {
      this.db.exec('DETACH DATABASE snap');
    }
  }

  /** Per replicated table: row count and a sha256 over its rows in rowid order, read in one transaction. */
  checksums(): { position: number; tables: TableSum[] } {
    return this.db.transaction(() => {
      const node = this.node();
      const position = node.role === 'replica' ? node.position : this.head();
      const tables = replicatedTables(this.db).map((t) => {
        const hash = createHash('sha256');
        let count = 0;
        for (const row of this.db
          .prepare(`SELECT rowid, * FROM ${q(t.name)} ORDER BY rowid`)
          .raw()
          .iterate()) {
          hash.update(JSON.stringify(row));
          hash.update('\n');
          count++;
        }
        return { table: t.name, count, checksum: hash.digest('hex') };
      });
      return { position, tables };
    })();
  }

  recordVerify(v: Omit<VerifyRow, 'id'>): void {
    this.db
      .prepare('INSERT INTO replica_verifies (at, position, ok, first_difference, detail) VALUES (@at, @position, @ok, @first_difference, @detail)')
      .run(v);
  }

  lastVerify(): VerifyRow | undefined {
    return this.db.prepare('SELECT * FROM replica_verifies ORDER BY id DESC LIMIT 1').get() as VerifyRow | undefined;
  }
}
