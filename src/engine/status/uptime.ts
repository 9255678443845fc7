import type { DailyField, DailyRow, ProbedState } from '../../store/db/status-store.js';

export const UPTIME_DAYS = 90;
const DAY_MS = 86_400_000;
/** As Statuspage counts it: a partial outage weighs 30 % of a major one. */
export const PARTIAL_WEIGHT = 0.3;

const FIELD: Record<ProbedState, DailyField> = {
  operational: 'operationalMs',
  degraded_performance: 'degradedMs',
  partial_outage: 'partialMs',
  major_outage: 'majorMs',
};

export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export interface Accrual {
  day: string;
  field: DailyField;
  ms: number;
}

/**
 * The time from `from` to `to` spent in `state`, cut at UTC midnights. Time under maintenance is counted in its
 * state as any other (downtime in a window still counts) and marked as maintenance besides.
 */
export function accrue(from: number, to: number, state: ProbedState, muted: boolean): Accrual[] {
  const out: Accrual[] = [];
  for (let t = from; t < to;) {
    const end = Math.min(to, (Math.floor(t / DAY_MS) + 1) * DAY_MS);
    const day = dayOf(t);
    out.push({ day, field: FIELD[state], ms: end - t });
    if (muted) out.push({ day, field: 'maintenanceMs', ms: end - t });
    t = end;
  }
  return out;
}

export interface UptimeDay {
  day: string;
  /** 0–1, or null when nothing was probed that day. */
  uptime: number | null;
  /** The worst state the service was in that day. */
  worst: ProbedState | null;
  maintenance: boolean;
  knownMs: number;
  downMs: number;
}

function dayFigures(day: string, r: DailyRow | undefined): UptimeDay {
  if (!r) return { day, uptime: null, worst: null, maintenance: false, knownMs: 0, downMs: 0 };
  const knownMs = r.operationalMs + r.degradedMs + r.partialMs + r.majorMs;
  const downMs = r.majorMs + PARTIAL_WEIGHT * r.partialMs;
  const worst: ProbedState | null =
    r.majorMs > 0 ? 'major_outage' : r.partialMs > 0 ? 'partial_outage' : r.degradedMs > 0 ? 'degraded_performance' : knownMs > 0 ? 'operational' : null;
  return { day, uptime: knownMs > 0 ? 1 - downMs / knownMs : null, worst, maintenance: r.maintenanceMs > 0, knownMs, downMs };
}

let dayNames: { key: string; names: string[] } = { key: '', names: [] };

/** The names of the last `days` UTC days up to the one holding `now`, oldest first (kept: asked per service). */
function lastDays(now: number, days: number): string[] {
  const today = Math.floor(now / DAY_MS);
  const key = `${today}/${days}`;
  if (dayNames.key !== key) dayNames = { key, names: Array.from({ length: days }, (_, i) => dayOf((today - days + 1 + i) * DAY_MS)) };
  return dayNames.names;
}

/** The last `days` UTC days up to the one holding `now`, oldest first, from one service's daily rows. */
export function dailyUptime(rows: readonly DailyRow[], now: number, days = UPTIME_DAYS): UptimeDay[] {
  const byDay = new Map<string, DailyRow>();
  for (const r of rows) byDay.set(r.day, r);
  return lastDays(now, days).map((day) => dayFigures(day, byDay.get(day)));
}

/** The uptime over the days, weighted by the time probed each day; null when nothing was. */
export function overallUptime(days: readonly UptimeDay[]): number | null {
  const known = days.reduce((n, d) => n + d.knownMs, 0);
  return known > 0 ? 1 - days.reduce((n, d) => n + d.downMs, 0) / known : null;
}

export const firstDay = (now: number, days = UPTIME_DAYS) => dayOf((Math.floor(now / DAY_MS) - days + 1) * DAY_MS);
