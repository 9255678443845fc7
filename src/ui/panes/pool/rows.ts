import type { JobRunSummary, NodeSummary, PoolView } from '../../../engine/client/index.js';
import { duration } from '../../format.js';
import { nodeState, runState, shortRepoHash } from '../pipeline-status.js';
import type { ListRow, ListSpec, PaneData } from '../types.js';

/** A selected row of the CI pool pane. */
export type PoolTarget = { kind: 'node'; node: NodeSummary } | { kind: 'job-run'; run: JobRunSummary };

/** Nodes with their state, age and the job they run (else why they are held or failed). */
export function nodeRows({ views }: PaneData, now: number): ListRow<PoolTarget>[] {
  return (views['ci.pool']?.nodes ?? []).map((n) => ({
    key: `n${n.name}`,
    copy: n.job?.repoHash ?? n.name,
    cells: [
      n.name,
      nodeState(n.state),
      duration(now - n.createdAt),
      n.job ? `${n.job.job} on ${shortRepoHash(n.job.repoHash)}` : (n.holdReason ?? n.error ?? '-'),
    ],
    target: { kind: 'node', node: n },
  }));
}

/** Running and queued runs first (time since they started or were queued), then finished ones (duration). */
export function jobRunRows({ views }: PaneData, now: number): ListRow<PoolTarget>[] {
  const p = views['ci.pool'];
  if (!p) return [];
  const row = (r: JobRunSummary, time: string): ListRow<PoolTarget> => ({
    key: `r${r.runId}`,
    copy: r.repoHash,
    cells: [runState(r.state), r.job, shortRepoHash(r.repoHash), r.node ?? '-', time],
    target: { kind: 'job-run', run: r },
  });
  const running = p.queue.filter((r) => r.state === 'running').map((r) => row(r, duration(now - (r.startedAt ?? r.queuedAt))));
  const queued = p.queue.filter((r) => r.state !== 'running').map((r) => row(r, duration(now - r.queuedAt)));
  const recent = p.recent.map((r) => row(r, r.startedAt === null ? '-' : duration((r.finishedAt ?? r.startedAt) - r.startedAt)));
  return [...running, ...queued, ...recent];
}

export const NODES_LIST: ListSpec<PoolTarget> = {
  id: 'pool.nodes',
  title: 'Nodes',
  columns: [
    { title: 'NODE', width: 16, flex: true },
    { title: 'STATE', width: 10 },
    { title: 'AGE', width: 7, align: 'right' },
    { title: 'JOB / NOTE', width: 20, flex: true },
  ],
  rows: nodeRows,
  summary: ({ views }) => {
    const nodes = views['ci.pool']?.nodes ?? [];
    const count = (state: string) => nodes.filter((n) => n.state === state).length;
    return `${nodes.length} nodes · ${count('ready')} ready · ${count('in-use')} in use · ${count('hold')} held · ${count('failed')} failed`;
  },
};

export const JOB_RUNS_LIST: ListSpec<PoolTarget> = {
  id: 'pool.runs',
  title: 'Job runs',
  columns: [
    // Fits `⤼ superseded`.
    { title: 'STATE', width: 12 },
    { title: 'JOB', width: 14, flex: true },
    { title: 'REPO HASH', width: 17 },
    { title: 'NODE', width: 10, flex: true },
    { title: 'TIME', width: 7, align: 'right' },
  ],
  rows: jobRunRows,
  summary: ({ views }) => {
    const queue = views['ci.pool']?.queue ?? [];
    const running = queue.filter((r) => r.state === 'running').length;
    return `${running} running · ${queue.length - running} queued · ${views['ci.pool']?.recent.length ?? 0} recent`;
  },
};

/** The line above the lists: the pool's settings, or why there is no pool. */
export function poolSummary(p: PoolView | undefined): string {
  if (!p) return 'loading the pool…';
  if (!p.pool && p.jobs.length === 0) return 'no pipeline configured (config/pipeline.yml): no pool, no jobs';
  if (!p.pool) return `no pool configured: ${p.jobs.length} jobs, none run here`;
  const line = `pool ${p.pool.label} · max-servers ${p.pool.maxServers} · min-ready ${p.pool.minReady} · ${p.jobs.length} jobs`;
  if (p.pool.maxServers === 0) return `${line} · ⏸ drained: no node is launched, job runs are declined`;
  const t = p.trouble;
  if (t.failedLaunches > 0) return `${line} · ✗ ${t.failedLaunches} launch${t.failedLaunches === 1 ? '' : 'es'} failed in a row: ${t.lastLaunchError}`;
  if (t.upkeepError) return `${line} · ✗ upkeep: ${t.upkeepError.message}`;
  return line;
}
