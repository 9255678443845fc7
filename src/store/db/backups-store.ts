import Database from 'better-sqlite3';
import type { Db } from './db.js';

export type BackupRunKind = 'backup' | 'check' | 'drill' | 'forget';

export interface BackupRunRow {
  id: number;
  kind: BackupRunKind;
  started_at: number;
  finished_at: number | null;
  ok: number | null;
  snapshot_id: string | null;
  data_added: number | null;
  total_bytes: number | null;
  detail: string | null;
  error: string | null;
}

export interface BackupRunOutcome {
  ok: boolean;
  snapshotId?: string | null;
  dataAdded?: number | null;
  totalBytes?: number | null;
  detail?: unknown;
  error?: string | null;
}

/** The backups area's SQL: its run records, and what a drill reads of a restored database. */
export class BackupsStore {
  constructor(private readonly db: Db) {}

  start(kind: BackupRunKind, now = Date.now()): number {
    return Number(this.db.prepare('INSERT INTO backup_runs (kind, started_at) VALUES (?, ?)').run(kind, now).lastInsertRowid);
  }

  finish(id: number, o: BackupRunOutcome, now = Date.now()): void {
    this.db
      .prepare('UPDATE backup_runs SET finished_at = ?, ok = ?, snapshot_id = ?, data_added = ?, total_bytes = ?, detail = ?, error = ? WHERE id = ?')
      .run(
        now,
        o.ok ? 1 : 0,
        o.snapshotId ?? null,
        o.dataAdded ?? null,
        o.totalBytes ?? null,
        o.detail === undefined ? null : JSON.stringify(o.detail),
        o.error ?? null,
        id,
      );
  }

  /** The run of a kind that started last among the finished ones (only successful ones with ok). */
  last(kind: BackupRunKind, ok?: boolean): BackupRunRow | undefined {
    const sql = `SELECT * FROM backup_runs WHERE kind = ? AND finished_at IS NOT NULL ${ok === undefined ? '' : 'AND ok = ?'} ORDER BY started_at DESC, id DESC LIMIT 1`;
    const args: unknown[] = ok === undefined ? [kind] : [kind, ok ? 1 : 0];
    return this.db.prepare(sql).get(...args) as BackupRunRow | undefined;
  }

  /** The run of a kind that finished first (only successful ones with ok). */
  first(kind: BackupRunKind, ok?: boolean): BackupRunRow | undefined {
    const sql = `SELECT * FROM backup_runs WHERE kind = ? AND finished_at IS NOT NULL ${ok === undefined ? '' : 'AND ok = ?'} ORDER BY finished_at, id LIMIT 1`;
    const args: unknown[] = ok === undefined ? [kind] : [kind, ok ? 1 : 0];
    return this.db.prepare(sql).get(...args) as BackupRunRow | undefined;
  }

  lastStarted(kind: BackupRunKind): BackupRunRow | undefined {
    return this.db.prepare('SELECT * FROM backup_runs WHERE kind = ? ORDER BY started_at DESC, id DESC LIMIT 1').get(kind) as BackupRunRow | undefined;
  }

  /** Successful backups by snapshot id (their data added and manifest), and drills by the snapshot they checked. */
  bySnapshot(kind: BackupRunKind): Map<string, BackupRunRow> {
    const rows = this.db.prepare('SELECT * FROM backup_runs WHERE kind = ? AND snapshot_id IS NOT NULL ORDER BY id').all(kind) as BackupRunRow[];
    return new Map(rows.map((r) => [r.snapshot_id!, r]));
  }

  /** Runs left unfinished by a crash: closed as failed. */
  closeUnfinished(reason: string, now = Date.now()): number {
    return this.db.prepare('UPDATE backup_runs SET finished_at = ?, ok = 0, error = ? WHERE finished_at IS NULL').run(now, reason).changes;
  }
}

/** Every table's row count (schema_migrations and sqlite's own tables aside), by name. */
export function tableRowCounts(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n;
  return counts;
}

export function lastEventSeqOf(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
}

/** A restored database file, opened read-only: integrity, row counts, last event seq. */
export function inspectDatabaseFile(file: string): { integrity: string[]; counts: Record<string, number>; lastEventSeq: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') return { integrity, counts: {}, lastEventSeq: 0 };
    return { integrity, counts: tableRowCounts(db), lastEventSeq: lastEventSeqOf(db) };
  } finally {
    db.close();
  }
}

export function sqliteVersion(db: Db): string {
  return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
}
