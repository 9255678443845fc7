import { shortHash } from '../../format.js';
import type { PaneAction } from '../types.js';
import type { BackupsTarget } from './rows.js';

export const BACKUPS_ACTIONS: readonly PaneAction<BackupsTarget>[] = [
  {
    id: 'backup',
    keys: ['b'],
    label: 'back up',
    description: 'Back up now: the database, config and labelled repos (restic)',
    commands: ['backup.now'],
    footer: true,
    run: (ctx) => ctx.run({ name: 'backup.now' }),
  },
  {
    id: 'drill',
    keys: ['d'],
    label: 'drill',
    description: 'Restore drill of the selected snapshot (the newest on another row)',
    commands: ['backup.drill'],
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (t?.kind === 'snapshot') ctx.run({ name: 'backup.drill', args: { snapshot: t.snapshot.id } });
      else ctx.run({ name: 'backup.drill' });
    },
  },
  {
    id: 'check',
    keys: ['c'],
    label: 'check',
    description: 'Check the restic repository now (restic check)',
    commands: ['backup.check'],
    footer: true,
    run: (ctx) => ctx.run({ name: 'backup.check' }),
  },
  {
    id: 'verify-replica',
    keys: ['v'],
    label: 'verify replica',
    description: "Verify the replica: every table's count and checksum against the primary's at one position",
    commands: ['replica.verify'],
    footer: true,
    run: (ctx) => {
      const role = ctx.data()?.views['replica.status']?.role;
      if (role !== undefined && role !== 'replica') return ctx.notify(false, `verify runs on a replica; this engine is a ${role} (attach to the replica)`);
      ctx.run({ name: 'replica.verify' });
    },
  },
  {
    id: 'forget',
    keys: ['F'],
    label: 'forget',
    description: 'Apply the retention policy (forget --prune the snapshots marked forget)',
    commands: ['backup.forget'],
    run: (ctx) => {
      const drop = ctx.data()?.views['backups.list']?.snapshots.filter((s) => s.toForget) ?? [];
      if (drop.length === 0) return ctx.notify(true, 'the retention policy drops no snapshot now');
      ctx.run({ name: 'backup.forget' }, `Forget ${drop.length} snapshot${drop.length === 1 ? '' : 's'}?`, drop.map((s) => shortHash(s.id)).join(', '));
    },
  },
];
