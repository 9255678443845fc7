import type { PaneAction, PaneContext } from '../types.js';
import type { MaintenanceTarget } from './rows.js';

function selectedWindow(ctx: PaneContext<MaintenanceTarget>, state?: 'active'): MaintenanceTarget | undefined {
  const w = ctx.selected();
  if (!w) return void ctx.notify(false, 'select a window first');
  if (state && w.state !== state) return void ctx.notify(false, `${w.id} is not active (${w.state})`);
  if (w.state === 'past') return void ctx.notify(false, `${w.id} is over`);
  return w;
}

export const MAINTENANCE_ACTIONS: readonly PaneAction<MaintenanceTarget>[] = [
  {
    id: 'end',
    keys: ['E'],
    label: 'end now',
    description: 'End the selected active window now: its loops resume',
    commands: ['maintenance.end'],
    footer: true,
    run: (ctx) => {
      const w = selectedWindow(ctx, 'active');
      if (w) ctx.run({ name: 'maintenance.end', args: { id: w.id } });
    },
  },
  {
    id: 'extend',
    keys: ['+'],
    label: '+30m',
    description: 'Extend the selected window by 30 minutes',
    commands: ['maintenance.extend'],
    footer: true,
    run: (ctx) => {
      const w = selectedWindow(ctx);
      if (w) ctx.run({ name: 'maintenance.extend', args: { id: w.id, minutes: 30 } });
    },
  },
  {
    id: 'schedule',
    keys: ['a'],
    label: 'schedule',
    description: 'Schedule a window: 1 h, starting in 25 h (full notice), pausing the trunk',
    commands: ['maintenance.add'],
    footer: true,
    run: (ctx) => {
      const start = new Date(Date.now() + 25 * 3_600_000);
      start.setUTCMinutes(0, 0, 0);
      ctx.run({ name: 'maintenance.add', args: { title: 'scheduled from the console', start: start.toISOString(), minutes: 60, loops: 'trunk' } });
    },
  },
];
