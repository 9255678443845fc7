import { describe, expect, it } from 'vitest';
import type { MaintenanceWindowView } from '../../../engine/client/index.js';
import type { PaneData } from '../types.js';
import { CURRENT_LIST, maintenanceBadges, maintenanceHeading } from './rows.js';

const H = 3_600_000;
const NOW = Date.parse('2027-03-01T10:00:00Z');

function win(id: string, startsAt: number, endsAt: number, extra: Partial<MaintenanceWindowView> = {}): MaintenanceWindowView {
  const state = NOW < startsAt ? 'upcoming' : NOW < endsAt ? 'active' : 'past';
  return {
    id,
    title: id,
    series: null,
    startsAt,
    endsAt,
    services: ['trunk'],
    loops: ['trunk'],
    shortNoticeReason: null,
    createdAt: 0,
    createdBy: 'x',
    endedEarlyAt: null,
    state,
    shortNotice: false,
    ...extra,
  };
}

const data = (windows: MaintenanceWindowView[]) =>
  ({ snapshot: {}, views: { 'maintenance.list': { now: NOW, timezone: 'UTC', windows } } }) as unknown as PaneData;

describe('maintenance rows and badges', () => {
  it('counts down in the last 24 h, shows a banner while active and nothing when the next is far', () => {
    expect(maintenanceBadges(data([win('far', NOW + 30 * H, NOW + 31 * H)]), NOW)).toEqual([]);
    expect(maintenanceBadges(data([win('soon', NOW + 2 * H, NOW + 3 * H, { shortNotice: true, shortNoticeReason: 'cve' })]), NOW)).toEqual([
      { text: 'maint in 2h00m ⚡', tone: 'accent', rank: 20 },
    ]);
    const active = data([win('now', NOW - H, NOW + H)]);
    expect(maintenanceBadges(active, NOW)[0]!.text).toBe('⚠ MAINTENANCE until 11:00');
    expect(maintenanceHeading(active.views['maintenance.list'] as never, NOW)).toMatch(/^● IN MAINTENANCE now until 11:00 UTC · Mar: ●1/);
    expect(CURRENT_LIST.rows(active, NOW)[0]!.cells[0]).toEqual({ text: '● active', tone: 'warn' });
  });
});
