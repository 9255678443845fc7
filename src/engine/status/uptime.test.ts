import { describe, expect, it } from 'vitest';
import type { DailyRow } from '../../store/db/status-store.js';
import { accrue, dailyUptime, overallUptime } from './uptime.js';

const H = 3_600_000;
const T = Date.parse('2027-03-10T23:00:00Z');

function rowsOf(service: string, ...parts: ReturnType<typeof accrue>[]): DailyRow[] {
  const rows = new Map<string, DailyRow>();
  for (const a of parts.flat()) {
    const r = rows.get(a.day) ?? { service, day: a.day, operationalMs: 0, degradedMs: 0, partialMs: 0, majorMs: 0, maintenanceMs: 0 };
    r[a.field] += a.ms;
    rows.set(a.day, r);
  }
  return [...rows.values()];
}

describe('daily uptime', () => {
  it('cuts time at UTC midnight and marks maintenance time besides its state', () => {
    expect(accrue(T, T + 2 * H, 'major_outage', true)).toEqual([
      { day: '2027-03-10', field: 'majorMs', ms: H },
      { day: '2027-03-10', field: 'maintenanceMs', ms: H },
      { day: '2027-03-11', field: 'majorMs', ms: H },
      { day: '2027-03-11', field: 'maintenanceMs', ms: H },
    ]);
  });

  it('counts downtime inside a maintenance window, weighs partial outages 30 %, leaves unprobed days empty', () => {
    const day = Date.parse('2027-03-11T00:00:00Z');
    const rows = rowsOf(
      'svc',
      accrue(day, day + 18 * H, 'operational', false),
      accrue(day + 18 * H, day + 20 * H, 'major_outage', true),
      accrue(day + 20 * H, day + 24 * H, 'partial_outage', false),
      accrue(day - 24 * H, day, 'degraded_performance', false),
    );
    const bars = dailyUptime(rows, day + 23 * H, 90);
    expect(bars).toHaveLength(90);
    const [before, last] = bars.slice(-2);
    expect(last).toMatchObject({ day: '2027-03-11', worst: 'major_outage', maintenance: true });
    expect(last!.uptime).toBeCloseTo(1 - (2 + 0.3 * 4) / 24, 6);
    expect(before).toMatchObject({ day: '2027-03-10', uptime: 1, worst: 'degraded_performance', maintenance: false });
    expect(bars[0]).toMatchObject({ day: '2026-12-12', uptime: null, worst: null });
    expect(overallUptime(bars)).toBeCloseTo(1 - 3.2 / 48, 6);
    expect(overallUptime(dailyUptime([], day))).toBeNull();
  });
});
