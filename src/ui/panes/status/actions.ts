import type { IncidentView } from '../../../engine/client/index.js';
import type { PaneAction, PaneContext } from '../types.js';
import type { StatusTarget } from './rows.js';

const IMPACT = { major_outage: 'critical', partial_outage: 'major', degraded_performance: 'minor' } as const;
const NEXT_STATUS = { investigating: 'identified', identified: 'monitoring', monitoring: 'monitoring' } as const;

function openIncident(ctx: PaneContext<StatusTarget>): IncidentView | undefined {
  const t = ctx.selected();
  if (t?.kind !== 'incident') return void ctx.notify(false, 'select an incident first (l: the incidents list)');
  if (t.incident.status === 'resolved') return void ctx.notify(false, `incident #${t.incident.id} is resolved`);
  return t.incident;
}

export const STATUS_ACTIONS: readonly PaneAction<StatusTarget>[] = [
  {
    id: 'incident.open',
    keys: ['o'],
    label: 'open incident',
    description: 'Open an incident (investigating) about the selected service, its impact from the service state',
    commands: ['incident.open'],
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (t?.kind !== 'service') return ctx.notify(false, 'select a service first');
      const s = t.service;
      const impact = s.state in IMPACT ? IMPACT[s.state as keyof typeof IMPACT] : 'minor';
      ctx.run({
        name: 'incident.open',
        args: {
          name: `${s.name}: ${s.state.replace(/_/g, ' ')}`,
          services: s.name,
          impact,
          message: s.error ? `We are investigating: ${s.error}` : 'We are investigating.',
        },
      });
    },
  },
  {
    id: 'incident.update',
    keys: ['u'],
    label: 'next status',
    description: 'Move the selected incident on: investigating → identified → monitoring (an update in its timeline)',
    commands: ['incident.update'],
    footer: true,
    run: (ctx) => {
      const i = openIncident(ctx);
      if (!i) return;
      const status = NEXT_STATUS[i.status as keyof typeof NEXT_STATUS];
      ctx.run({ name: 'incident.update', args: { id: i.id, status, message: `Status is now ${status} (from the console).` } });
    },
  },
  {
    id: 'incident.resolve',
    keys: ['R'],
    label: 'resolve',
    description: 'Resolve the selected incident',
    commands: ['incident.resolve'],
    footer: true,
    run: (ctx) => {
      const i = openIncident(ctx);
      if (i) ctx.run({ name: 'incident.resolve', args: { id: i.id } });
    },
  },
  {
    id: 'status.probe',
    keys: ['P'],
    label: 'probe now',
    description: 'Probe every service now (one round)',
    commands: ['status.probe'],
    run: (ctx) => ctx.run({ name: 'status.probe' }),
  },
];
