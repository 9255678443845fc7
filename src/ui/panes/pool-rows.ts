import type { EngineSnapshot, JobRunSummary, PipelineSnapshot } from '../../engine/api/engine-client.js';
import { duration } from '../format.js';
import { nodeState, runState, shortRepoHash } from './pipeline-status.js';
import type { ListRow, ListSpec } from './types.js';

/** Nodes with their state, age and the job they run (else why they are held or failed). */
export function nodeRows(snapshot: EngineSnapshot, now: number): ListRow[] {
  return (snapshot.pipeline?.nodes ?? []).map((n) => ({
    key: `n${n.name}`,
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
export function jobRunRows(snapshot: EngineSnapshot, now: number): ListRow[] {
  const p = snapshot.pipeline;
  if (!p) return [];
  const row = (r: JobRunSummary, time: string): ListRow => ({
    key: `r${r.runId}`,
    cells: [runState(r.state, r.error), r.job, shortRepoHash(r.repoHash), r.node ?? '-', time],
    target: { kind: 'job-run', run: r },
  });
  const running = p.queue.filter((r) => r.state === 'running').map((r) => row(r, duration(now - (r.startedAt ?? r.queuedAt))));
  const queued = p.queue.filter((r) => r.state !== 'running').map((r) => row(r, duration(now - r.queuedAt)));
  const recent = p.recent.map((r) => row(r, r.startedAt === null ? '-' : duration((r.finishedAt ?? r.startedAt) - r.startedAt)));
  return [...running, ...queued, ...recent];
}

export const NODES_LIST: ListSpec = {
  id: 'pool.nodes',
  title: 'Nodes',
  columns: [
    { title: 'NODE', width: 16, flex: true },
    { title: 'STATE', width: 10 },
    { title: 'AGE', width: 7, align: 'right' },
    { title: 'JOB / NOTE', width: 20, flex: true },
  ],
  rows: nodeRows,
  summary: (s) => {
    const nodes = s.pipeline?.nodes ?? [];
    const count = (state: string) => nodes.filter((n) => n.state === state).length;
    return `${nodes.length} nodes · ${count('ready')} ready · ${count('in-use')} in use · ${count('hold')} held · ${count('failed')} failed`;
  },
};

export const JOB_RUNS_LIST: ListSpec = {
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
  summary: (s) => {
    const queue = s.pipeline?.queue ?? [];
    const running = queue.filter((r) => r.state === 'running').length;
    return `${running} running · ${queue.length - running} queued · ${s.pipeline?.recent.length ?? 0} recent`;
  },
};

/** The line above the lists: the pool's settings, or why there is no pool. */
export function poolSummary(p: PipelineSnapshot | null): string {
  if (!p) return 'no pipeline configured (config/pipeline.yml): no pool, no jobs';
  if (!p.pool) return `no pool configured: ${p.jobs.length} jobs, none run here`;
  return `pool ${p.pool.label} · max-servers ${p.pool.maxServers} · min-ready ${p.pool.minReady} · ${p.jobs.length} jobs`;
}
