import type { Handlers } from '../keymap.js';
import { shortRepoHash } from './pipeline-status.js';
import type { PaneContext } from './types.js';

/** The CI pool pane's actions (registered in actions.ts): open a job log, hold/release/delete a node, re-run a job. */
export function poolHandlers(ctx: PaneContext): Handlers {
  const selectedNode = () => {
    const t = ctx.selected();
    if (t && 'kind' in t && t.kind === 'node') return t.node;
    ctx.notify(false, 'select a node first (h/l switch lists)');
    return undefined;
  };
  return {
    'pool.open': () => {
      const t = ctx.selected();
      if (!t || !('kind' in t)) return;
      const run = t.kind === 'job-run' ? t.run : t.kind === 'node' ? t.node.job : null;
      if (!run) return ctx.notify(false, t.kind === 'node' ? `node ${t.node.name} runs no job` : 'select a job run');
      ctx.show({ kind: 'job-log', runId: run.runId, title: `${run.job} ${shortRepoHash(run.repoHash)} run #${run.runId}` }, null);
    },
    'pool.hold': () => {
      const node = selectedNode();
      if (!node) return;
      ctx.run(node.state === 'hold' ? { name: 'pool.release', args: { node: node.name } } : { name: 'pool.hold', args: { node: node.name } });
    },
    'pool.delete': () => {
      const node = selectedNode();
      if (!node) return;
      const job = node.job ? `, running ${node.job.job}` : '';
      ctx.run({ name: 'pool.delete', args: { node: node.name } }, `Delete node ${node.name}?`, `now (${node.state}${job})`);
    },
    'pool.rerun': () => {
      const t = ctx.selected();
      const run = t && 'kind' in t ? (t.kind === 'job-run' ? t.run : t.kind === 'node' ? t.node.job : null) : null;
      if (!run) return ctx.notify(false, 'select a job run first (l focuses the job runs)');
      ctx.run({ name: 'jobs.run', args: { job: run.job, hash: run.repoHash } });
    },
  };
}
