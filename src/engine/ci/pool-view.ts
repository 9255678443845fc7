import type { JobRunRow } from '../../store/db/pipeline-store.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import type { PoolTrouble } from './pool.js';
import type { CiRuntime } from './runtime.js';
import type { JobRunState, NodeState } from './types.js';

export const RECENT_JOB_RUNS = 100;

export interface NodeSummary {
  name: string;
  label: string;
  state: NodeState;
  /** When it entered its state / was created (ms since the epoch). */
  stateAt: number;
  createdAt: number;
  job: { runId: number; job: string; repoHash: string } | null;
  error: string | null;
  holdReason: string | null;
}

export interface JobRunSummary {
  runId: number;
  job: string;
  repoHash: string;
  repoPath: string;
  commitHash: string;
  distroHash: string;
  trigger: string;
  state: JobRunState;
  attempt: number;
  node: string | null;
  queuedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  logPath: string | null;
  error: string | null;
}

/** What the CI pool pane draws (refetched on node.state and job.* events). */
export interface PoolView {
  pool: { label: string; maxServers: number; minReady: number } | null;
  nodes: NodeSummary[];
  /** Queued and running job runs, oldest first. */
  queue: JobRunSummary[];
  /** Finished job runs, newest first. */
  recent: JobRunSummary[];
  jobs: { name: string; trigger: string | null; external: boolean }[];
  /** Why the pool is not launching (launch failures, a failed upkeep round), or all zero/null. */
  trouble: PoolTrouble;
}

export function jobRunSummary(r: JobRunRow, nodeNames: ReadonlyMap<number, string> = new Map()): JobRunSummary {
  return {
    runId: r.id,
    job: r.job,
    repoHash: repoHashOf(r.repo_path),
    repoPath: r.repo_path,
    commitHash: r.commit_hash,
    distroHash: r.distro_hash,
    trigger: r.trigger,
    state: r.state,
    attempt: r.attempt,
    node: r.node_id === null ? null : (r.node_name ?? nodeNames.get(r.node_id) ?? `#${r.node_id}`),
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    exitCode: r.exit_code,
    logPath: r.log_path,
    error: r.error,
  };
}

export function poolView(ci: CiRuntime): PoolView {
  const { store, config } = ci;
  return store.db.transaction(() => {
    const nodes = store.nodes();
    const nodeNames = new Map(nodes.map((n) => [n.id, n.name]));
    const run = (r: JobRunRow) => jobRunSummary(r, nodeNames);
    return {
      pool: config.pool ? { label: config.pool.label, maxServers: config.pool['max-servers'], minReady: config.pool['min-ready'] } : null,
      nodes: nodes.map((n) => {
        const r = n.job_run_id === null ? undefined : store.run(n.job_run_id);
        return {
          name: n.name,
          label: n.label,
          state: n.state,
          stateAt: n.state_at,
          createdAt: n.created_at,
          job: r ? { runId: r.id, job: r.job, repoHash: repoHashOf(r.repo_path) } : null,
          error: n.error,
          holdReason: n.hold_reason,
        };
      }),
      queue: [...store.runsIn('running'), ...store.runsIn('queued')].map(run),
      recent: store.recentRuns(RECENT_JOB_RUNS).map(run),
      jobs: config.jobs.map((j) => ({ name: j.name, trigger: j.trigger, external: j.external })),
      trouble: { ...ci.pool.trouble },
    };
  })();
}
