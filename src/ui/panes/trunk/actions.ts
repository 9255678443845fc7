import type { EngineSnapshot } from '../../../engine/client/index.js';
import { shortHash } from '../../format.js';
import type { PaneAction, PaneContext } from '../types.js';
import type { BuildTarget } from './rows.js';

/** The package's last commit (the one a recheck or rebuild takes): its newest queued or built commit. */
function lastCommitOf(snapshot: EngineSnapshot | undefined, pkg: string): string | null {
  let best: { commitId: number; commitHash: string } | null = null;
  for (const c of [...(snapshot?.trunk.queue ?? []), ...(snapshot?.trunk.recent ?? [])]) {
    if (c.package === pkg && (best === null || c.commitId > best.commitId)) best = c;
  }
  return best?.commitHash ?? null;
}

function selectedBuild(ctx: PaneContext<BuildTarget>): BuildTarget | undefined {
  const target = ctx.selected();
  if (!target) ctx.notify(false, 'select a build first');
  return target;
}

export const TRUNK_ACTIONS: readonly PaneAction<BuildTarget>[] = [
  {
    id: 'open',
    keys: ['enter'],
    label: 'log',
    description: "Open the selected build's log",
    footer: true,
    run: (ctx) => {
      const target = ctx.selected();
      if (!target) return;
      if (target.buildId === null) return ctx.notify(false, `${target.package} ${shortHash(target.commitHash)} has no build yet`);
      ctx.show({ kind: 'build-log', buildId: target.buildId, title: `${target.package} ${shortHash(target.commitHash)} build #${target.buildId}` }, null);
    },
  },
  {
    id: 'recheck',
    keys: ['r'],
    label: 'recheck',
    description: "Recheck the selected FAILED build's package",
    commands: ['trunk.recheck'],
    footer: true,
    run: (ctx) => {
      const target = selectedBuild(ctx);
      if (!target) return;
      if (target.status !== 'FAILED')
        return ctx.notify(false, `r rechecks FAILED builds; ${target.package} ${shortHash(target.commitHash)} is ${target.status}`);
      ctx.run({ name: 'trunk.recheck', args: { package: target.package } });
    },
  },
  {
    id: 'force-rebuild',
    keys: ['F'],
    label: 'rebuild',
    description: "Force a rebuild of the selected row's package",
    commands: ['trunk.force-rebuild'],
    footer: true,
    run: (ctx) => {
      const target = selectedBuild(ctx);
      if (!target) return;
      // The engine rebuilds the package's last commit, whichever row is selected: name that one.
      const hash = lastCommitOf(ctx.data()?.snapshot, target.package) ?? target.commitHash;
      ctx.run({ name: 'trunk.force-rebuild', args: { package: target.package } }, `Force rebuild ${target.package}${hash ? ` ${shortHash(hash)}` : ''}?`);
    },
  },
  {
    id: 'pause',
    keys: ['p'],
    label: 'pause',
    description: 'Pause or resume the trunk loop',
    commands: ['trunk.pause', 'trunk.resume'],
    footer: true,
    whenPaused: { loop: 'trunk', label: 'resume', description: 'Resume the trunk loop (paused now)' },
    run: (ctx) => ctx.run({ name: ctx.data()?.snapshot.paused.includes('trunk') ? 'trunk.resume' : 'trunk.pause' }),
  },
  {
    id: 'run',
    keys: ['R'],
    label: 'run',
    description: 'Run a trunk pass now',
    commands: ['trunk.run'],
    footer: true,
    run: (ctx) => ctx.run({ name: 'trunk.run' }),
  },
];
