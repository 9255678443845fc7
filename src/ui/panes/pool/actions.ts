import type { JobRunSummary } from '../../../engine/client/index.js';
import { shortRepoHash } from '../pipeline-status.js';
import type { PaneAction, PaneContext } from '../types.js';
import type { PoolTarget } from './rows.js';

function selectedNode(ctx: PaneContext<PoolTarget>) {
  const t = ctx.selected();
  if (t?.kind === 'node') return t.node;
  ctx.notify(false, 'select a node first (h/l switch lists)');
  return undefined;
}

/** The run a row is about: a job run's own, or the one a node runs. */
function runOf(t: PoolTarget | undefined): Pick<JobRunSummary, 'runId' | 'job' | 'repoHash'> | null {
  if (!t) return null;
  return t.kind === 'job-run' ? t.run : t.node.job;
}

export const POOL_ACTIONS: readonly PaneAction<PoolTarget>[] = [
  {
    id: 'open',
    keys: ['enter'],
    label: 'log',
    description: "Open the selected job run's log (or the job a node runs)",
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (!t) return;
      const run = runOf(t);
      if (!run) return ctx.notify(false, t.kind === 'node' ? `node ${t.node.name} runs no job` : 'select a job run');
      ctx.show({ kind: 'job-log', runId: run.runId, title: `${run.job} ${shortRepoHash(run.repoHash)} run #${run.runId}` }, null);
    },
  },
  {
    id: 'hold',
    keys: ['H'],
    label: 'hold',
    description: 'Hold the selected node, or release it when held',
    commands: ['pool.hold', 'pool.release'],
    footer: true,
    run: (ctx) => {
      const node = selectedNode(ctx);
      if (!node) return;
      ctx.run(node.state === 'hold' ? { name: 'pool.release', args: { node: node.name } } : { name: 'pool.hold', args: { node: node.name } });
    },
  },
  {
    id: 'delete',
    keys: ['D'],
    label: 'delete',
    description: 'Delete the selected node now, even mid-job',
    commands: ['pool.delete'],
    footer: true,
    run: (ctx) => {
      const node = selectedNode(ctx);
      if (!node) return;
      const job = node.job ? `, running ${node.job.job}` : '';
      ctx.run({ name: 'pool.delete', args: { node: node.name } }, `Delete node ${node.name}?`, `now (${node.state}${job})`);
    },
  },
  {
    id: 'rerun',
    keys: ['r'],
    label: 're-run',
    description: "Run the selected job run's job again on its repo hash",
    commands: ['jobs.run'],
    footer: true,
    run: (ctx) => {
      const run = runOf(ctx.selected());
      if (!run) return ctx.notify(false, 'select a job run first (l focuses the job runs)');
      ctx.run({ name: 'jobs.run', args: { job: run.job, hash: run.repoHash } });
    },
  },
];
