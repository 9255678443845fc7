import { z } from 'zod';
import { CI_MIGRATIONS } from '../../store/db/migrations/index.js';
import { commandFor, defineArea, queryFor, type EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import { logSliceArgs, readLogChunk, type LogChunk } from '../log-chunk.js';
import { resolveRepoHash } from '../promotions/repo-ref.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { poolText, votesText } from './cli-text.js';
import { CI_EVENTS } from './events.js';
import { jobRunSummary, poolView } from './pool-view.js';
import { CiRuntime } from './runtime.js';
import { votesView } from './votes-view.js';

const command = commandFor<CiRuntime>();
const query = queryFor<CiRuntime>();

const NODE_STATES = ['building', 'ready', 'in-use', 'used', 'deleting', 'failed', 'hold'] as const;
const JOB_RUN_STATES = ['queued', 'running', 'success', 'failure', 'error', 'superseded'] as const;
const POOL_TICK_MS = 5000;
const node = z.string().min(1).max(200).describe('a node name, as pool list shows it');

/** The CI pool (nodepool-like), the jobs of pipeline.yml run on its nodes, and their votes. */
export const ciArea = defineArea({
  name: 'ci',
  description: 'The CI pool, its job runs and their votes',
  cliGroups: { pool: 'The CI pool: its nodes, held and deleted by hand', jobs: 'CI job runs: run one, read its log' },
  migrations: CI_MIGRATIONS,
  open: (engine) => new CiRuntime(engine.config.pipeline, engine.db, engine.events, engine.paths, engine.config.trunk.baseurl),
  recover: ({ area }) => area.recover(),
  close: (area) => area.close(),
  commands: [
    command({
      name: 'pool.hold',
      description: 'Hold a CI node: keep it (and what its job left) until released',
      dangerous: false,
      args: z.object({ node, reason: z.string().max(500).optional() }),
      cli: { positional: ['node'] },
      run: ({ node, reason }, { area, actor }) => {
        const held = area.pool.hold(node, reason ?? `held by ${actor.name}`);
        return { ok: true, message: `node ${held.name} held`, data: held };
      },
    }),
    command({
      name: 'pool.release',
      description: 'Release a held CI node (it is then cleaned up)',
      dangerous: false,
      args: z.object({ node }),
      cli: { positional: ['node'] },
      run: ({ node }, { area }) => {
        const released = area.pool.releaseHold(node);
        return { ok: true, message: `node ${released.name} released (${released.state})`, data: released };
      },
    }),
    command({
      name: 'pool.delete',
      description: 'Delete a CI node now, even mid-job',
      dangerous: true,
      confirm: 'Delete node {node}?',
      args: z.object({ node }),
      cli: { positional: ['node'] },
      run: async ({ node }, { area, actor }) => {
        await area.pool.deleteNode(node, `deleted by ${actor.name}`);
        return { ok: true, message: `node ${node} deleted` };
      },
    }),
    command({
      name: 'jobs.run',
      description: 'Run a CI job (again) on a repo hash',
      dangerous: false,
      args: z.object({ job: z.string().min(1).max(200), hash: z.string().min(1).max(200).describe('<commit>_<distro8> or a commit hash') }),
      cli: { custom: true },
      run: ({ job, hash }, { area }) => {
        const repo = resolveRepoHash(area.store, hash);
        const run = area.jobs.rerun(job, repo);
        return { ok: true, message: `${run.job} queued on ${repoHashOf(repo.path)} (run ${run.id})`, data: jobRunSummary(run) };
      },
    }),
  ],
  queries: [
    query({
      name: 'ci.pool',
      description: 'The CI pool: its nodes, the job queue and recent job runs',
      args: z.object({}),
      changesOn: ['node.state', 'job.queued', 'job.started', 'job.finished'],
      cli: { path: 'pool list', text: poolText },
      run: (_args, { area }) => poolView(area),
    }),
    query({
      name: 'ci.job-log',
      description: "A CI job run's log from byte offset (negative: its last limit bytes)",
      args: z.object({ runId: z.number().int().min(0), ...logSliceArgs }),
      changesOn: [],
      cli: { path: 'jobs log', positional: ['runId'], text: (chunk: LogChunk) => chunk.text },
      run: ({ runId, offset, limit }, { area }) => {
        const r = area.store.run(runId);
        if (!r) throw new EngineError('not-found', `no job run #${runId}`);
        return readLogChunk(r.log_path, r.state !== 'queued' && r.state !== 'running', offset, limit);
      },
    }),
    query({
      name: 'ci.votes',
      description: 'The votes on a repo hash, oldest first',
      args: z.object({ hash: z.string().min(1).max(200).describe('<commit>_<distro8> or a commit hash') }),
      changesOn: ['vote.recorded'],
      cli: { path: 'votes', positional: ['hash'], text: votesText },
      run: ({ hash }, { area }) => votesView(area, hash),
    }),
  ],
  loops: [
    {
      name: 'ci',
      description: 'Pool upkeep and job starts, every few seconds and whenever work is queued or a node frees up',
      every: (engine) => (engine.config.pipeline.pool ? POOL_TICK_MS : null),
      startNow: true,
      wakeOn: { when: (e) => e.type === 'job.queued' || e.type === 'job.finished' || (e.type === 'node.state' && e.payload.to === 'ready'), delayMs: 20 },
      tick: async ({ area }) => {
        await area.tick();
      },
    },
  ],
  events: CI_EVENTS,
  eventLevels: { 'job.finished': 'info', 'vote.recorded': 'info' },
  holds: ({ area }) => {
    const holds = new Map<string, string>();
    for (const r of area.store.activeRuns()) if (!holds.has(r.repo_path)) holds.set(r.repo_path, `${r.state} job run of ${r.job}`);
    return holds;
  },
  facts: ({ area, engine }) => {
    const nodes = area.store.nodeCountsByState();
    const runs = area.store.runCountsByState();
    return {
      'ci.pool-configured': engine.config.pipeline.pool !== null,
      'ci.nodes-ready': nodes.get('ready') ?? 0,
      'ci.nodes-failed': nodes.get('failed') ?? 0,
      'ci.jobs-queued': runs.get('queued') ?? 0,
      'ci.jobs-running': runs.get('running') ?? 0,
      'ci.pool-drained': engine.config.pipeline.pool !== null && !area.pool.accepting,
      'ci.launch-failures': area.pool.trouble.failedLaunches,
      'ci.upkeep-error': area.pool.trouble.upkeepError?.message ?? null,
      // Per failed node, for alert rules that name the node: why it failed.
      ...Object.fromEntries(area.store.nodesIn('failed').map((n) => [`ci.node-failed.${n.name}`, n.error ?? 'failed'])),
    };
  },
  metrics: [
    {
      name: 'rdo_pool_nodes',
      help: 'CI pool nodes by state',
      type: 'gauge',
      labelNames: ['state'],
      collect: ({ area }) => {
        const n = area.store.nodeCountsByState();
        return NODE_STATES.map((state) => ({ labels: { state }, value: n.get(state) ?? 0 }));
      },
    },
    {
      name: 'rdo_job_runs',
      help: 'CI job runs by state (queued and running are the job queue)',
      type: 'gauge',
      labelNames: ['state'],
      collect: ({ area }) => {
        const n = area.store.runCountsByState();
        return JOB_RUN_STATES.map((state) => ({ labels: { state }, value: n.get(state) ?? 0 }));
      },
    },
  ],
});

/** The CI area's runtime in an open engine. */
export const ciOf = (engine: Pick<EngineCore, 'area'>): CiRuntime => engine.area(ciArea);
