import type { Db } from './db.js';

export interface MaintenanceWindowRow {
  id: string;
  title: string;
  series: string | null;
  startsAt: number;
  endsAt: number;
  services: string[];
  loops: string[];
  shortNoticeReason: string | null;
  createdAt: number;
  createdBy: string;
  endedEarlyAt: number | null;
}

interface Raw {
  id: string;
  title: string;
  series: string | null;
  starts_at: number;
  ends_at: number;
  services: string;
  loops: string;
  short_notice_reason: string | null;
  created_at: number;
  created_by: string;
  ended_early_at: number | null;
}

const fromRaw = (r: Raw): MaintenanceWindowRow => ({
  id: r.id,
  title: r.title,
  series: r.series,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  services: JSON.parse(r.services) as string[],
  loops: JSON.parse(r.loops) as string[],
  shortNoticeReason: r.short_notice_reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
  endedEarlyAt: r.ended_early_at,
});

export class MaintenanceStore {
  constructor(private readonly db: Db) {}

  /** Returns false when a window with this id exists already (a series occurrence made before). */
  insert(w: Omit<MaintenanceWindowRow, 'endedEarlyAt'>): boolean {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO maintenance_windows (id, title, series, starts_at, ends_at, services, loops, short_notice_reason, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(w.id, w.title, w.series, w.startsAt, w.endsAt, JSON.stringify(w.services), JSON.stringify(w.loops), w.shortNoticeReason, w.createdAt, w.createdBy);
    return r.changes === 1;
  }

  get(id: string): MaintenanceWindowRow | undefined {
    const r = this.db.prepare('SELECT * FROM maintenance_windows WHERE id = ?').get(id) as Raw | undefined;
    return r && fromRaw(r);
  }

  all(): MaintenanceWindowRow[] {
    return (this.db.prepare('SELECT * FROM maintenance_windows ORDER BY starts_at, id').all() as Raw[]).map(fromRaw);
  }

  nextId(): string {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM maintenance_windows WHERE series IS NULL').get() as { n: number };
    return `mw-${r.n + 1}`;
  }

  endEarly(id: string, at: number): void {
    this.db.prepare('UPDATE maintenance_windows SET ended_early_at = ?, ends_at = ? WHERE id = ?').run(at, at, id);
  }

  extend(id: string, endsAt: number): void {
    this.db.prepare('UPDATE maintenance_windows SET ends_at = ? WHERE id = ?').run(endsAt, id);
  }
}
