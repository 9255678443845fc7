import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/** A service's state as the rules give it from its probes (under_maintenance is shown on top, never stored). */
export type ProbedState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type IncidentImpact = 'none' | 'minor' | 'major' | 'critical';

/** A service's rule state: the state and the consecutive-result counters its hysteresis needs. */
export interface ServiceRuleRow {
  service: string;
  state: ProbedState;
  fails: number;
  oks: number;
  slow: number;
  fast: number;
  /** When the state last changed. */
  since: number;
  checkedAt: number;
  latencyMs: number | null;
  error: string | null;
}

export interface ProbeResultRow {
  service: string;
  at: number;
  ok: boolean;
  latencyMs: number;
  error: string | null;
}

/** Milliseconds one service spent in each state on one UTC day (`2027-03-01`); maintenance overlaps the others. */
export interface DailyRow {
  service: string;
  day: string;
  operationalMs: number;
  degradedMs: number;
  partialMs: number;
  majorMs: number;
  maintenanceMs: number;
}

export type DailyField = 'operationalMs' | 'degradedMs' | 'partialMs' | 'majorMs' | 'maintenanceMs';

export interface IncidentRow {
  id: number;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  services: string[];
  createdAt: number;
  updatedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  createdBy: string;
}

export interface IncidentUpdateRow {
  id: number;
  incidentId: number;
  at: number;
  status: IncidentStatus;
  body: string;
  author: string;
}

const COLUMN: Record<DailyField, string> = {
  operationalMs: 'operational_ms',
  degradedMs: 'degraded_ms',
  partialMs: 'partial_ms',
  majorMs: 'major_ms',
  maintenanceMs: 'maintenance_ms',
};

interface RawRule {
  service: string;
  state: ProbedState;
  fails: number;
  oks: number;
  slow: number;
  fast: number;
  since: number;
  checked_at: number;
  latency_ms: number | null;
  error: string | null;
}

interface RawIncident {
  id: number;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  services: string;
  created_at: number;
  updated_at: number;
  monitoring_at: number | null;
  resolved_at: number | null;
  created_by: string;
}

const incidentOf = (r: RawIncident): IncidentRow => ({
  id: r.id,
  name: r.name,
  status: r.status,
  impact: r.impact,
  services: JSON.parse(r.services) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  monitoringAt: r.monitoring_at,
  resolvedAt: r.resolved_at,
  createdBy: r.created_by,
});

/** What one probe round writes, all in one transaction. */
export interface RoundWrite {
  rules: ServiceRuleRow[];
  results: ProbeResultRow[];
  accruals: { service: string; day: string; field: DailyField; ms: number }[];
}

/** The status area's SQL. */
export class StatusStore {
  constructor(private readonly db: Db) {}

  rules(): Map<string, ServiceRuleRow> {
    const rows = this.db.prepare('SELECT * FROM status_services').all() as RawRule[];
    return new Map(
      rows.map((r) => [
        r.service,
        {
          service: r.service,
          state: r.state,
          fails: r.fails,
          oks: r.oks,
          slow: r.slow,
          fast: r.fast,
          since: r.since,
          checkedAt: r.checked_at,
          latencyMs: r.latency_ms,
          error: r.error,
        },
      ]),
    );
  }

  writeRound(w: RoundWrite): void {
    const rule = this.db.prepare(
      `INSERT INTO status_services (service, state, fails, oks, slow, fast, since, checked_at, latency_ms, error)
       VALUES (@service, @state, @fails, @oks, @slow, @fast, @since, @checkedAt, @latencyMs, @error)
       ON CONFLICT (service) DO UPDATE SET state = excluded.state, fails = excluded.fails, oks = excluded.oks, slow = excluded.slow,
         fast = excluded.fast, since = excluded.since, checked_at = excluded.checked_at, latency_ms = excluded.latency_ms, error = excluded.error`,
    );
    const result = this.db.prepare('INSERT INTO status_results (service, at, ok, latency_ms, error) VALUES (?, ?, ?, ?, ?)');
    const accrue = Object.fromEntries(
      Object.entries(COLUMN).map(([field, col]) => [
        field,
        this.db.prepare(
          `INSERT INTO status_daily (service, day, ${col}) VALUES (?, ?, ?) ON CONFLICT (service, day) DO UPDATE SET ${col} = ${col} + excluded.${col}`,
        ),
      ]),
    ) as Record<DailyField, Database.Statement<unknown[]>>;
    this.db.transaction(() => {
      for (const r of w.rules) rule.run(r);
      for (const r of w.results) result.run(r.service, r.at, r.ok ? 1 : 0, r.latencyMs, r.error);
      for (const a of w.accruals) accrue[a.field].run(a.service, a.day, a.ms);
    })();
  }

  /** Drops probe results older than `before` (the daily rows keep the history). */
  pruneResults(before: number): number {
    return this.db.prepare('DELETE FROM status_results WHERE at < ?').run(before).changes;
  }

  recentResults(service: string, limit: number): ProbeResultRow[] {
    const rows = this.db
      .prepare('SELECT service, at, ok, latency_ms, error FROM status_results WHERE service = ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(service, limit) as {
      service: string;
      at: number;
      ok: number;
      latency_ms: number;
      error: string | null;
    }[];
    return rows.map((r) => ({ service: r.service, at: r.at, ok: r.ok === 1, latencyMs: r.latency_ms, error: r.error }));
  }

  /** Daily rows of every service from `fromDay` (inclusive, `YYYY-MM-DD`), before `toDay` (exclusive) if given. */
  daily(fromDay: string, toDay = '9999-12-31'): DailyRow[] {
    const rows = this.db
      .prepare('SELECT service, day, operational_ms, degraded_ms, partial_ms, major_ms, maintenance_ms FROM status_daily WHERE day >= ? AND day < ?')
      .all(fromDay, toDay) as {
      service: string;
      day: string;
      operational_ms: number;
      degraded_ms: number;
      partial_ms: number;
      major_ms: number;
      maintenance_ms: number;
    }[];
    return rows.map((r) => ({
      service: r.service,
      day: r.day,
      operationalMs: r.operational_ms,
      degradedMs: r.degraded_ms,
      partialMs: r.partial_ms,
      majorMs: r.major_ms,
      maintenanceMs: r.maintenance_ms,
    }));
  }

  openIncident(i: Omit<IncidentRow, 'id' | 'updatedAt' | 'monitoringAt' | 'resolvedAt'>, body: string): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO status_incidents (name, status, impact, services, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(i.name, i.status, i.impact, JSON.stringify(i.services), i.createdAt, i.createdAt, i.createdBy).lastInsertRowid,
      );
      this.addUpdate(id, i.createdAt, i.status, body, i.createdBy);
      return id;
    })();
  }

  updateIncident(id: number, at: number, change: { status: IncidentStatus; impact?: IncidentImpact; services?: string[] }, body: string, author: string): void {
    this.db.transaction(() => {
      const old = this.incident(id)!;
      this.db
        .prepare('UPDATE status_incidents SET status = ?, impact = ?, services = ?, updated_at = ?, monitoring_at = ?, resolved_at = ? WHERE id = ?')
        .run(
          change.status,
          change.impact ?? old.impact,
          JSON.stringify(change.services ?? old.services),
          at,
          change.status === 'monitoring' && old.monitoringAt === null ? at : old.monitoringAt,
          change.status === 'resolved' ? at : null,
          id,
        );
      this.addUpdate(id, at, change.status, body, author);
    })();
  }

  private addUpdate(id: number, at: number, status: IncidentStatus, body: string, author: string): void {
    this.db.prepare('INSERT INTO status_incident_updates (incident_id, at, status, body, author) VALUES (?, ?, ?, ?, ?)').run(id, at, status, body, author);
  }

  incident(id: number): IncidentRow | undefined {
    const r = this.db.prepare('SELECT * FROM status_incidents WHERE id = ?').get(id) as RawIncident | undefined;
    return r && incidentOf(r);
  }

  /** Newest first: the unresolved ones, then the latest `limit` of all. */
  incidents(limit: number): IncidentRow[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM status_incidents WHERE status != 'resolved' OR id IN (SELECT id FROM status_incidents ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at DESC, id DESC",
      )
      .all(limit) as RawIncident[];
    return rows.map(incidentOf);
  }

  updatesOf(ids: number[]): IncidentUpdateRow[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT id, incident_id, at, status, body, author FROM status_incident_updates WHERE incident_id IN (${ids.map(() => '?').join(',')}) ORDER BY at DESC, id DESC`,
      )
      .all(...ids) as { id: number; incident_id: number; at: number; status: IncidentStatus; body: string; author: string }[];
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, at: r.at, status: r.status, body: r.body, author: r.author }));
  }
}
