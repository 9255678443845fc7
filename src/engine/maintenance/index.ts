import { z } from 'zod';
import { loadMaintenanceConfig } from './config.js';
import { MAINTENANCE_MIGRATIONS } from '../../store/db/migrations/index.js';
import { commandFor, defineArea, queryFor, type EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import { MAINTENANCE_EVENTS } from './events.js';
import { icsFeed, scheduledMaintenances } from './feeds.js';
import { listText, windowText } from './cli-text.js';
import { MaintenanceRuntime, type MaintenanceListView, type MaintenanceWindowView } from './runtime.js';

const command = commandFor<MaintenanceRuntime>();
const query = queryFor<MaintenanceRuntime>();
const TICK_MS = 5000;
const id = z.string().min(1).max(200).describe('a window id, as maintenance list shows it');

function instant(field: string, value: string): number {
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(t))
    throw new EngineError('bad-request', `${field}: not an ISO time like 2026-12-15T14:00Z (got ${JSON.stringify(value)})`);
  return t;
}

const csv = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Maintenance windows: one-off or recurring; they pause named loops and mute services while active. */
export const maintenanceArea = defineArea({
  name: 'maintenance',
  description: 'Maintenance windows: schedule, extend, end early; they pause loops and mute services',
  migrations: MAINTENANCE_MIGRATIONS,
  open: (engine: EngineCore): MaintenanceRuntime => new MaintenanceRuntime(engine),
  checkConfig: (config, loopNames) => void loadMaintenanceConfig(config.configDir, loopNames),
  commands: [
    command({
      name: 'maintenance.add',
      description: 'Schedule a maintenance window (less than 24 h ahead needs a short-notice reason)',
      dangerous: false,
      args: z.object({
        title: z.string().min(1).max(200),
        start: z.string().describe('ISO time, e.g. 2026-12-15T14:00Z'),
        end: z.string().optional().describe('ISO time; or give --minutes'),
        minutes: z.number().int().positive().max(10080).optional(),
        services: z.string().max(1000).optional().describe('comma-separated service names'),
        loops: z.string().max(1000).optional().describe('comma-separated loop names to pause'),
        reason: z.string().max(500).optional().describe('short-notice reason'),
      }),
      cli: { positional: ['title'], text: (w: MaintenanceWindowView) => windowText(w) },
      run: (a, { area, actor }) => {
        const startsAt = instant('start', a.start);
        if (a.end === undefined && a.minutes === undefined) throw new EngineError('bad-request', 'end: give --end or --minutes');
        const endsAt = a.end !== undefined ? instant('end', a.end) : startsAt + a.minutes! * 60_000;
        const w = area.add({ title: a.title, startsAt, endsAt, services: csv(a.services), loops: csv(a.loops), reason: a.reason }, actor.name);
        return { ok: true, message: `maintenance window ${w.id} scheduled${w.shortNotice ? ' (short notice)' : ''}`, data: w };
      },
    }),
    command({
      name: 'maintenance.end',
      description: 'End an active maintenance window now (its loops resume)',
      dangerous: false,
      args: z.object({ id }),
      cli: { positional: ['id'] },
      run: ({ id }, { area, actor }) => {
        const w = area.end(id, actor.name);
        return { ok: true, message: `maintenance window ${w.id} ended`, data: w };
      },
    }),
    command({
      name: 'maintenance.extend',
      description: 'Extend a maintenance window by some minutes',
      dangerous: false,
      args: z.object({ id, minutes: z.number().int().positive().max(10080) }),
      cli: { positional: ['id', 'minutes'] },
      run: ({ id, minutes }, { area, actor }) => {
        const w = area.extend(id, minutes, actor.name);
        return { ok: true, message: `maintenance window ${w.id} now ends ${new Date(w.endsAt).toISOString()}`, data: w };
      },
    }),
  ],
  queries: [
    query({
      name: 'maintenance.list',
      description: 'Maintenance windows: upcoming, active and past',
      args: z.object({}),
      changesOn: MAINTENANCE_EVENTS,
      cli: { text: (v: MaintenanceListView) => listText(v) },
      run: (_args, { area }) => area.list(),
    }),
  ],
  loops: [
    {
      name: 'maintenance',
      description: 'Starts and ends maintenance windows: pauses and resumes their loops',
      every: () => TICK_MS,
      startNow: true,
      tick: async ({ area, engine }) => {
        if (engine.config.demo.activity) area.scheduleDemoWindow();
        area.reconcile();
      },
    },
  ],
  events: MAINTENANCE_EVENTS,
  eventLevels: { 'maintenance.started': 'info', 'maintenance.ended': 'info' },
  metrics: [
    {
      name: 'rdo_maintenance_active',
      help: 'Maintenance windows active now',
      type: 'gauge',
      collect: ({ area }) => [{ value: area.activeWindows().length }],
    },
  ],
  facts: ({ area }) => {
    const now = area.now();
    const active = area.activeWindows(now);
    const next = area.list().windows.find((w) => w.state === 'upcoming');
    return {
      'maintenance.active': active.map((w) => w.id).join(','),
      'maintenance.muted-services': [...new Set(active.flatMap((w) => w.services))].join(','),
      'maintenance.next-start': next ? new Date(next.startsAt).toISOString() : null,
    };
  },
  routes: ({ area }) => [
    (_req, res, url) => {
      if (url.pathname !== '/maintenance.ics') return false;
      res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(icsFeed(area.list().windows));
      return true;
    },
    (_req, res, url) => {
      if (url.pathname !== '/api/v2/scheduled-maintenances.json') return false;
      const { now, windows } = area.list();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(scheduledMaintenances(windows, now)));
      return true;
    },
  ],
});
