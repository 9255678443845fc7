import { readLogChunk } from '../log-chunk.js';
import type { LogChunk } from '../api/engine-client.js';
import { closeSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRunRow, JobRunState, NodeState } from '../../store/pipeline-store.js';
import type { Engine } from '../engine.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { readLink } from '../trunk/links.js';
import { evaluateTarget, type CandidateReport } from '../promotions/evaluate.js';

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

export interface LabelSummary {
  label: string;
  candidateLabel: string;
  criteria: string[];
  /** The hashed repo the label points at, or null. */
  holds: string | null;
  repoHash: string | null;
  /** When it moved there (its promotion, else the link's mtime). */
  since: number | null;
  /** What `previous-<label>` points at. */
  previous: string | null;
  /** Newest first, cut at what the label holds, with passed/missing jobs and blockers. */
  candidates: CandidateReport[];
}

export interface PipelineSnapshot {
  pool: { label: string; maxServers: number; minReady: number } | null;
  nodes: NodeSummary[];
  /** Queued and running job runs, oldest first. */
  queue: JobRunSummary[];
  /** Finished job runs, newest first. */
  recent: JobRunSummary[];
  jobs: { name: string; trigger: string | null; external: boolean }[];
  /** The promotion chain in config order. */
  labels: LabelSummary[];
  promoter: { running: boolean; lastPass: { at: number; dryRun: boolean; promoted: { label: string; to: string }[]; aborted: string | null } | null };
}

/** What the CI pool and Promotions panes start from (refresh on node.*, job.*, vote.recorded, promotion, link.moved). */
export function pipelineSnapshot(engine: Engine): PipelineSnapshot {
  const { pipeline } = engine;
  const { store, config } = pipeline;
  const reposDir = engine.paths.reposDir;
  const nodeNames = new Map(store.nodes().map((n) => [n.id, n.name]));
  const run = (r: JobRunRow): JobRunSummary => ({
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
  });
  return engine.db.transaction(() => ({
    pool: config.pool ? { label: config.pool.label, maxServers: config.pool['max-servers'], minReady: config.pool['min-ready'] } : null,
    nodes: store.nodes().map((n) => {
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
    labels: config.promotions.map((t): LabelSummary => {
      const holds = readLink(reposDir, t.label);
      return {
        label: t.label,
        candidateLabel: t.candidateLabel,
        criteria: [...t.criteria],
        holds,
        repoHash: holds === null ? null : repoHashOf(holds),
        since: holds === null ? null : (store.lastPromotionTo(t.label, holds)?.timestamp ?? linkTime(reposDir, t.label)),
        previous: readLink(reposDir, `previous-${t.label}`),
        candidates: evaluateTarget(store, reposDir, t, holds).candidates,
      };
    }),
    promoter: {
      running: pipeline.promoter.busy,
      lastPass: pipeline.promoter.lastPass && {
        at: pipeline.promoter.lastPass.at,
        dryRun: pipeline.promoter.lastPass.dryRun,
        promoted: pipeline.promoter.lastPass.promoted.map(({ label, to }) => ({ label, to })),
        aborted: pipeline.promoter.lastPass.aborted,
      },
    },
  }))();
}

/** A slice of a job run's log; offset < 0 reads the last `limit` bytes. */
export function readJobLog(engine: Engine, runId: number, offset: number, limit: number): LogChunk {
  const r = engine.pipeline.store.run(runId);
  return readLogChunk(r?.log_path ?? null, !r || (r.state !== 'queued' && r.state !== 'running'), offset, limit);
}

function linkTime(reposDir: string, label: string): number | null {
  try {
    return lstatSync(join(reposDir, label)).mtimeMs;
  } catch {
    return null;
  }
}
