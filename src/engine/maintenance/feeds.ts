import ical from 'ical-generator';
import type { MaintenanceWindowView } from './runtime.js';

/** The windows as an iCalendar feed (`/maintenance.ics`). */
export function icsFeed(windows: MaintenanceWindowView[]): string {
  const cal = ical({ name: 'RDO maintenance', prodId: { company: 'rdo', product: 'rdo-console' } });
  for (const w of windows) {
    const notes = [`services: ${w.services.join(', ') || '-'}`, `paused loops: ${w.loops.join(', ') || '-'}`];
    if (w.shortNoticeReason) notes.push(`SHORT NOTICE: ${w.shortNoticeReason}`);
    cal.createEvent({
      id: w.id,
      start: new Date(w.startsAt),
      end: new Date(w.endsAt),
      summary: (w.shortNotice ? '[short notice] ' : '') + w.title,
      description: notes.join('\n'),
    });
  }
  return cal.toString();
}

const STATUS = { upcoming: 'scheduled', active: 'in_progress', past: 'completed' } as const;

/** Statuspage's `GET /api/v2/scheduled-maintenances.json`. */
export function scheduledMaintenances(windows: MaintenanceWindowView[], now: number) {
  const iso = (t: number) => new Date(t).toISOString();
  return {
    page: { id: 'rdo', name: 'RDO', url: '/status', updated_at: iso(now) },
    scheduled_maintenances: windows.map((w) => ({
      id: w.id,
      name: w.title,
      status: STATUS[w.state],
      created_at: iso(w.createdAt),
      updated_at: iso(w.endedEarlyAt ?? w.createdAt),
      monitoring_at: null,
      resolved_at: w.state === 'past' ? iso(w.endsAt) : null,
      impact: 'maintenance',
      shortlink: null,
      scheduled_for: iso(w.startsAt),
      scheduled_until: iso(w.endsAt),
      page_id: 'rdo',
      incident_updates: [],
      components: w.services.map((s) => ({ id: s, name: s, status: w.state === 'active' ? 'under_maintenance' : 'operational' })),
    })),
  };
}
