import { z } from 'zod';
import { loadAlertsConfig } from './rules.js';
import { ALERTS_MIGRATIONS } from '../../store/db/migrations/alerts.js';
import { commandFor, defineArea, queryFor, type EngineCore } from '../area.js';
import type { EventType } from '../events.js';
import { alertsText, silenceLine, silencesText } from './cli-text.js';
import { ALERTS_EVENTS } from './events.js';
import { AlertsRuntime } from './runtime.js';
import type { AlertsListView, SilenceView } from './view.js';

const command = commandFor<AlertsRuntime>();
/** Each open engine's runtime, for the loop's interval (read before the loop runs). */
const runtimes = new WeakMap<EngineCore, AlertsRuntime>();
const query = queryFor<AlertsRuntime>();

/** Besides its own: the events after which the engine's facts (so the alerts) are likely to have changed. */
const FACT_EVENTS = [
  'pass.finished',
  'fetch.failed',
  'build.finished',
  'link.moved',
  'node.state',
  'job.finished',
  'vote.recorded',
  'promotion',
  'promoter.pass',
  'backup.finished',
  'backup.checked',
  'backup.drilled',
  'maintenance.started',
  'maintenance.ended',
] as const satisfies readonly EventType[];

/** Alert rules over the engine's facts (pending → firing → resolved), silences, and webhook notifications. */
export const alertsArea = defineArea({
  name: 'alerts',
  description: 'Alerts: rules over engine facts (pending, firing, resolved), silences, webhooks',
  cliGroups: { silence: 'Silences: mute matching alerts for a time (add, list, expire)' },
  migrations: ALERTS_MIGRATIONS,
  checkConfig: (config) => void loadAlertsConfig(config.configDir),
  open: (engine: EngineCore, log) => {
    const rt = new AlertsRuntime(engine, log);
    runtimes.set(engine, rt);
    return rt;
  },
  close: (area) => area.flush(),
  commands: [
    command({
      name: 'silence.add',
      description: 'Silence the alerts matching every matcher, for a duration, with a comment',
      dangerous: false,
      args: z.object({
        matcher: z.string().min(1).max(2000).describe('label matchers, comma-separated or the option repeated: alertname=PackageFailing,package=~pkg-.*'),
        duration: z.string().max(20).default('2h').describe('how long, as 30m, 2h, 1d (default 2h)'),
        comment: z.string().min(1).max(500).describe('why'),
        start: z.string().max(40).optional().describe('ISO time it starts (default now)'),
      }),
      cli: { repeatable: ['matcher'], text: (s: SilenceView) => silenceLine(s) },
      run: (a, { area, actor }) => {
        const s = area.addSilence(a, actor.name);
        const until = new Date(s.endsAt).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
        return { ok: true, message: `silence ${s.id} until ${until} matches ${s.matching} alert(s): ${s.matcher}`, data: s };
      },
    }),
    command({
      name: 'silence.expire',
      description: 'End a silence now',
      dangerous: false,
      args: z.object({ id: z.string().min(1).max(40).describe('a silence id, as silence list shows it') }),
      cli: { positional: ['id'], text: (s: SilenceView) => silenceLine(s) },
      run: ({ id }, { area, actor }) => {
        const s = area.expireSilence(id, actor.name);
        return { ok: true, message: `silence ${s.id} expired`, data: s };
      },
    }),
  ],
  queries: [
    query({
      name: 'alerts.list',
      description: 'Alerts now (firing, pending, silenced with the reason, recently resolved) and silences',
      args: z.object({}),
      changesOn: [...ALERTS_EVENTS, ...FACT_EVENTS],
      cli: { path: 'alerts', text: (v: AlertsListView) => alertsText(v) },
      run: (_args, { area }) => area.view(),
    }),
    query({
      name: 'silences.list',
      description: 'Silences: active, pending, and those that ended in the last day',
      args: z.object({}),
      changesOn: ['silence.created', 'silence.expired'],
      cli: { path: 'silence list', text: (v: Pick<AlertsListView, 'silences'>) => silencesText(v) },
      run: (_args, { area }): Pick<AlertsListView, 'now' | 'silences'> => {
        const { now, silences } = area.view();
        return { now, silences };
      },
    }),
  ],
  loops: [
    {
      name: 'alerts',
      description: 'Evaluates the alert rules over the engine facts and notifies the webhooks',
      every: (engine) => runtimes.get(engine)?.config.evaluationIntervalMs ?? null,
      startNow: true,
      wakeOn: { when: (e) => (FACT_EVENTS as readonly string[]).includes(e.type) || e.type.startsWith('silence.'), delayMs: 1000 },
      tick: async ({ area }) => {
        area.evaluate();
      },
    },
  ],
  events: ALERTS_EVENTS,
  eventLevels: { 'alert.firing': 'warn', 'alert.resolved': 'info', 'silence.created': 'info', 'silence.expired': 'info' },
  metrics: [
    {
      name: 'rdo_alerts',
      help: 'Alerts by state (firing and pending not silenced; silenced)',
      type: 'gauge',
      labelNames: ['state'],
      collect: ({ area }) => {
        const c = area.view().counts;
        return (['firing', 'pending', 'silenced'] as const).map((state) => ({ labels: { state }, value: c[state] }));
      },
    },
  ],
  routes: ({ area }) => [
    (_req, res, url) => {
      if (url.pathname !== '/api/alerts') return false;
      const v = area.view();
      const fp = url.searchParams.get('fingerprint');
      const body = fp === null ? v : { ...v, alerts: v.alerts.filter((a) => a.fingerprint === fp) };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    },
  ],
});

export const alertsOf = (engine: Pick<EngineCore, 'area'>): AlertsRuntime => engine.area(alertsArea);
