import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadStatusConfig } from './config.js';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { STATUS_MIGRATIONS } from '../../store/db/migrations/status.js';
import { commandFor, defineArea, queryFor, type EngineCore, type Facts } from '../area.js';
import { maintenanceArea } from '../maintenance/index.js';
import { scheduledMaintenances } from '../maintenance/feeds.js';
import { incidentsText, incidentText, statusText } from './cli-text.js';
import { INCIDENT_EVENTS, STATUS_EVENTS } from './events.js';
import { statusPage } from './page.js';
import { StatusRuntime } from './runtime.js';
import { UPTIME_DAYS } from './uptime.js';
import { componentsJson, incidentsJson, statusJson, summaryJson } from './statuspage.js';
import type { IncidentView, StatusView } from './view.js';

const command = commandFor<StatusRuntime>();
/** Each engine's runtime, for the loop's interval (which is asked of the engine, not the area). */
const runtimes = new WeakMap<EngineCore, StatusRuntime>();
const query = queryFor<StatusRuntime>();
const id = z.number().int().positive().describe('an incident number, as incident list shows it');
const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
const impact = z.enum(['none', 'minor', 'major', 'critical']);
const message = z.string().min(1).max(2000);
const services = z.string().max(2000).describe('comma-separated service names');

const csv = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** Service probes, their states and uptime, incidents, the public status page and Statuspage's JSON API. */
export const statusArea = defineArea({
  name: 'status',
  description: 'Service status: probes, states, 90-day uptime, incidents, the public status page',
  cliGroups: { incident: 'Incidents: open, update, resolve, list' },
  migrations: STATUS_MIGRATIONS,
  checkConfig: (config) => void loadStatusConfig(config.configDir, config.dataDir),
  open: (engine: EngineCore): StatusRuntime => {
    const rt = new StatusRuntime(engine);
    runtimes.set(engine, rt);
    return rt;
  },
  commands: [
    command({
      name: 'status.probe',
      description: 'Probe every service now (one round: states, results and uptime are stored)',
      dangerous: false,
      args: z.object({}),
      cli: { path: 'probe', text: (v: StatusView) => statusText(v) },
      run: async (_args, { area }) => {
        const v = await area.round();
        return { ok: true, message: `probed ${v.services.length} services: ${v.description}`, data: v };
      },
    }),
    command({
      name: 'incident.open',
      description: 'Open an incident (investigating unless told) naming the services it affects',
      dangerous: false,
      args: z.object({
        name: z.string().min(1).max(200),
        message: message.default('We are investigating.'),
        status: incidentStatus.default('investigating'),
        impact: impact.default('minor'),
        services: services.optional(),
      }),
      cli: { positional: ['name'], text: (i: IncidentView) => incidentText(i) },
      run: (a, { area, actor }) => {
        const i = area.openIncident({ name: a.name, status: a.status, impact: a.impact, services: csv(a.services) ?? [], message: a.message }, actor.name);
        return { ok: true, message: `incident #${i.id} opened (${i.status})`, data: i };
      },
    }),
    command({
      name: 'incident.update',
      description: 'Add an update to an incident: its status (identified, monitoring, …) and a message',
      dangerous: false,
      args: z.object({ id, status: incidentStatus, message, impact: impact.optional(), services: services.optional() }),
      cli: { positional: ['id', 'status', 'message'], text: (i: IncidentView) => incidentText(i) },
      run: (a, { area, actor }) => {
        const i = area.updateIncident(a.id, { status: a.status, message: a.message, impact: a.impact, services: csv(a.services) }, actor.name);
        return { ok: true, message: `incident #${i.id} is ${i.status}`, data: i };
      },
    }),
    command({
      name: 'incident.resolve',
      description: 'Resolve an incident with a last message',
      dangerous: false,
      args: z.object({ id, message: message.default('This incident has been resolved.') }),
      cli: { positional: ['id', 'message'], text: (i: IncidentView) => incidentText(i) },
      run: (a, { area, actor }) => {
        const i = area.updateIncident(a.id, { status: 'resolved', message: a.message }, actor.name);
        return { ok: true, message: `incident #${i.id} resolved`, data: i };
      },
    }),
  ],
  queries: [
    query({
      name: 'status.summary',
      description: 'Every service with its state, latency and 90-day uptime; open incidents (exit 1 unless all operational)',
      args: z.object({
        days: z.number().int().min(1).max(UPTIME_DAYS).default(30).describe(`days of daily uptime per service (the figure is always over ${UPTIME_DAYS})`),
      }),
      changesOn: [...STATUS_EVENTS, 'maintenance.started', 'maintenance.ended'],
      cli: { path: 'status', text: statusText, exitCode: (v: StatusView) => (v.notOperational === 0 && !v.stale ? 0 : 1) },
      run: ({ days }, { area }): StatusView => {
        const v = area.view();
        return days === UPTIME_DAYS ? v : { ...v, services: v.services.map((s) => ({ ...s, uptime: s.uptime.slice(-days) })) };
      },
    }),
    query({
      name: 'incident.list',
      description: 'Incidents: the unresolved ones and the latest resolved, newest first, with their updates',
      args: z.object({}),
      changesOn: INCIDENT_EVENTS,
      cli: { path: 'incident list', text: incidentsText },
      run: (_args, { area }) => area.incidents(),
    }),
  ],
  loops: [
    {
      name: 'status',
      description: 'Probes every service each status.yml interval; on the demo, takes the demo service down and back',
      every: (engine) => {
        const rt = runtimes.get(engine);
        return rt && rt.config.services.length > 0 ? rt.config.intervalMs : null;
      },
      startNow: true,
      tick: async ({ area, engine }) => {
        if (engine.config.demo.activity) area.demoTick();
        await area.round();
      },
    },
  ],
  events: STATUS_EVENTS,
  eventLevels: { 'status.changed': 'warn', 'incident.opened': 'info', 'incident.updated': 'info', 'incident.resolved': 'info' },
  metrics: [
    {
      name: 'rdo_service_state',
      help: 'Service states by service: 0 operational, 1 degraded, 2 partial outage, 3 major outage, -1 under maintenance',
      type: 'gauge',
      labelNames: ['service'],
      collect: ({ area }) =>
        area.view().services.map((s) => ({
          labels: { service: s.name },
          value: { operational: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3, under_maintenance: -1 }[s.state],
        })),
    },
  ],
  facts: ({ area }) => {
    const v = area.view();
    const facts: Facts = { 'status.services-down': v.notOperational, 'status.incidents-open': v.incidents.filter((i) => i.status !== 'resolved').length };
    for (const s of v.services) {
      facts[`status.service.${s.name}.state`] = s.state;
      facts[`status.service.${s.name}.latency-ms`] = s.latencyMs;
    }
    return facts;
  },
  routes: ({ area, engine }) => {
    const maintenances = () => {
      const m = engine.area(maintenanceArea).list();
      return scheduledMaintenances(m.windows, m.now).scheduled_maintenances;
    };
    const pages: Record<string, (v: StatusView) => unknown> = {
      '/api/v2/summary.json': (v) => summaryJson(v, maintenances()),
      '/api/v2/status.json': statusJson,
      '/api/v2/components.json': componentsJson,
      '/api/v2/incidents.json': incidentsJson,
    };
    // Each answer is made once per view (a view lives until something changes it) and kept encoded.
    let made: { view: StatusView; bodies: Map<string, { raw: Buffer; gz?: Buffer }> } | null = null;
    const bodyOf = (path: string, make: (v: StatusView) => string) => {
      const v = area.view();
      if (made?.view !== v) made = { view: v, bodies: new Map() };
      let body = made.bodies.get(path);
      if (!body) made.bodies.set(path, (body = { raw: Buffer.from(make(v)) }));
      return body;
    };
    /** Gzipped when the client takes it (browsers, curl --compressed, fetch), else as is. */
    const send = (req: IncomingMessage, res: ServerResponse, type: string, body: { raw: Buffer; gz?: Buffer }) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD' }).end(JSON.stringify({ message: 'use GET' }));
        return true;
      }
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      res
        .writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) })
        .end(gzip ? (body.gz ??= gzipSync(body.raw)) : body.raw);
      return true;
    };
    const page = (v: StatusView) => {
      const active = engine.area(maintenanceArea).activeWindows(area.now());
      return statusPage(
        v,
        active.map((w) => ({ title: w.title, endsAt: w.endsAt })),
      );
    };
    return [
      (req, res, url) => {
        if (url.pathname !== '/status' && url.pathname !== '/status/') return false;
        return send(req, res, 'text/html; charset=utf-8', bodyOf('/status', page));
      },
      (req, res, url) => {
        const make = pages[url.pathname];
        return make
          ? send(
              req,
              res,
              'application/json',
              bodyOf(url.pathname, (v) => JSON.stringify(make(v))),
            )
          : false;
      },
    ];
  },
});
