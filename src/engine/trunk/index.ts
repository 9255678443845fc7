import { z } from 'zod';
import { TRUNK_MIGRATIONS } from '../../store/db/migrations/index.js';
import { commandFor, defineArea, queryFor, type EngineCore, type Facts } from '../area.js';
import { demoCommit } from '../demo/index.js';
import { EngineError } from '../errors.js';
import { logSliceArgs, readLogChunk, type LogChunk } from '../log-chunk.js';
import { TRUNK_EVENTS } from './events.js';
import { applyPurge, planPurge } from './purge.js';
import { recheck } from './recheck.js';
import { recoverTrunk } from './recovery.js';
import { openTrunk, type TrunkRuntime } from './runtime.js';
import { trunkStatus, trunkStatusText } from './status-report.js';

const command = commandFor<TrunkRuntime>();
const query = queryFor<TrunkRuntime>();

const BUILD_STATUSES = ['SUCCESS', 'FAILED', 'RETRY', 'BUILDING'] as const;

/** The trunk: chases upstream commits, builds them into RPMs and publishes a hashed repo per build. */
export const trunkArea = defineArea({
  name: 'trunk',
  description: 'Build upstream commits into RPMs and publish a hashed yum repository per build',
  migrations: TRUNK_MIGRATIONS,
  open: (engine) => openTrunk(engine),
  recover: ({ area, engine }) => recoverTrunk(area.store, engine.events, engine.paths.reposDir, engine.paths.tmpDir, engine.paths.sourcesDir),
  close: (area) => area.trunk.stop(),
  commands: [
    command({
      name: 'trunk.run',
      description: 'Run a trunk pass now',
      dangerous: false,
      args: z.object({}),
      cli: { custom: true },
      run: (_args, { area, log }) => {
        if (area.trunk.busy) return { ok: true, message: 'a trunk pass is already running' };
        area.trunk.runPass().catch((err: unknown) => log.error({ err }, 'trunk pass failed'));
        return { ok: true, message: 'trunk pass started' };
      },
    }),
    command({
      name: 'trunk.pause',
      description: 'Pause the trunk loop',
      dangerous: false,
      args: z.object({}),
      run: (_args, { engine, actor }) => ({ ok: true, message: engine.loops.pause('trunk', actor.name) ? 'trunk loop paused' : 'trunk loop already paused' }),
    }),
    command({
      name: 'trunk.resume',
      description: 'Resume the trunk loop',
      dangerous: false,
      args: z.object({}),
      run: (_args, { engine, actor }) => ({
        ok: true,
        message: engine.loops.resume('trunk', actor.name) ? 'trunk loop resumed' : 'trunk loop already running',
      }),
    }),
    command({
      name: 'trunk.recheck',
      description: 'Re-queue the last commit of a FAILED package',
      dangerous: false,
      args: z.object({ package: z.string().describe('a package name from rdoinfo.yml') }),
      cli: { custom: true },
      run: ({ package: pkg }, { area, engine, actor }) => ({ ok: true, message: recheck(area, engine, pkg, false, actor.name) }),
    }),
    command({
      name: 'trunk.force-rebuild',
      description: 'Rebuild the last commit of a package even if it succeeded',
      dangerous: true,
      confirm: 'Force rebuild {package}?',
      args: z.object({ package: z.string().describe('a package name from rdoinfo.yml') }),
      cli: { custom: true },
      run: ({ package: pkg }, { area, engine, actor }) => ({ ok: true, message: recheck(area, engine, pkg, true, actor.name) }),
    }),
    command({
      name: 'trunk.purge',
      description: 'Remove hashed repos older than N days (never link targets)',
      dangerous: true,
      confirm: 'Purge hashed repos older than {olderThan} days?',
      args: z.object({ olderThan: z.number().int().min(0).describe('days'), dryRun: z.boolean().optional() }),
      cli: { custom: true },
      run: ({ olderThan, dryRun }, { area, engine, actor }) => {
        const holds = () => engine.repoHolds();
        const planned = planPurge(area.store, engine.paths.reposDir, olderThan, holds);
        const plan = dryRun === true ? planned : applyPurge(planned, area.store, engine.events, engine.paths.reposDir, engine.paths.tmpDir, actor.name, holds);
        return { ok: true, message: `${dryRun === true ? 'would purge' : 'purged'} ${plan.purge.length} repos, kept ${plan.kept.length}`, data: plan };
      },
    }),
  ],
  queries: [
    query({
      name: 'trunk.build-log',
      description: "A build's log from byte offset (negative: its last limit bytes)",
      args: z.object({ buildId: z.number().int().min(0), ...logSliceArgs }),
      changesOn: [],
      cli: { path: 'trunk log', positional: ['buildId'], text: (chunk: LogChunk) => chunk.text },
      run: ({ buildId, offset, limit }, { area }) => {
        const build = area.store.buildById(buildId);
        if (!build) throw new EngineError('not-found', `no build #${buildId}`);
        return readLogChunk(build.log_path, build.status !== 'BUILDING', offset, limit);
      },
    }),
    query({
      name: 'trunk.status',
      description: "DLRN's status report: per package, last build, status, NVR, first failure",
      args: z.object({}),
      changesOn: ['build.finished', 'build.started', 'commit.queued', 'fetch.failed', 'link.moved'],
      cli: { path: 'trunk status', text: trunkStatusText },
      run: (_args, { area, engine }) => trunkStatus(area, engine.paths.reposDir),
    }),
  ],
  loops: [
    {
      name: 'trunk',
      description: 'A trunk pass every run-interval: discover new commits, build, publish',
      every: (engine) => engine.config.trunk['run-interval'] * 1000,
      startNow: true,
      tick: async ({ area }) => {
        await area.trunk.runPass();
      },
    },
    {
      name: 'demo',
      description: "The demo's scripted upstream activity (a new upstream commit every activity-interval)",
      every: (engine) => (engine.config.demo.activity ? engine.config.demo['activity-interval'] * 1000 : null),
      pausedWith: ['trunk'],
      tick: async ({ area, engine, log }) => {
        const c = await demoCommit(engine.config);
        engine.events.append('demo.commit', { package: c.package, commitHash: c.commitHash, kind: c.kind });
        if (!area.trunk.busy) area.trunk.runPass().catch((err: unknown) => log.error({ err }, 'trunk pass failed'));
      },
    },
  ],
  events: [...TRUNK_EVENTS, 'demo.commit'],
  eventLevels: {
    'pass.finished': 'info',
    'fetch.failed': 'warn',
    'build.finished': 'info',
    'repo.published': 'info',
    'link.moved': 'info',
    'repo.purged': 'info',
    'recovery.done': 'warn',
  },
  facts: ({ area, engine }) => {
    const last = engine.events.lastOf('pass.finished');
    const packages = area.store.packageStatuses();
    const failing = new Set(area.store.failingPackages());
    const facts: Facts = {
      'trunk.last-pass-age-seconds': last ? Math.round((Date.now() - last.ts) / 1000) : null,
      'trunk.pass-running': area.trunk.busy,
      'trunk.queue-length': area.store.queuedCount(),
      'trunk.packages-failing': failing.size,
      'trunk.packages-skipped': packages.filter((p) => p.skipped !== null).length,
    };
    // Per package, for alert rules that name the package: its latest build FAILED; why it is skipped (or null).
    for (const p of packages) {
      facts[`trunk.package-failing.${p.package}`] = failing.has(p.package);
      facts[`trunk.package-skipped.${p.package}`] = p.skipped;
    }
    return facts;
  },
  metrics: [
    {
      name: 'rdo_builds',
      help: 'Builds by status',
      type: 'gauge',
      labelNames: ['status'],
      collect: ({ area }) => {
        const n = area.store.buildCountsByStatus();
        return BUILD_STATUSES.map((status) => ({ labels: { status }, value: n.get(status) ?? 0 }));
      },
    },
    { name: 'rdo_trunk_queue_length', help: 'Commits queued for a build', type: 'gauge', collect: ({ area }) => [{ value: area.store.queuedCount() }] },
    {
      name: 'rdo_packages_failing',
      help: 'Packages whose latest build FAILED',
      type: 'gauge',
      collect: ({ area }) => [{ value: area.store.failingPackages().length }],
    },
    ...(
      [
        ['dlrn_builds_succeeded_total', 'Total number of successful builds', ['SUCCESS']],
        ['dlrn_builds_failed_total', 'Total number of failed builds', ['FAILED']],
        ['dlrn_builds_retry_total', 'Total number of builds in retry state', ['RETRY']],
        ['dlrn_builds_total', 'Total number of builds', ['SUCCESS', 'FAILED', 'RETRY']],
      ] as const
    ).map(([name, help, statuses]) => ({
      name,
      help,
      type: 'counter' as const,
      labelNames: ['baseurl'],
      collect: ({ area, engine }: { area: TrunkRuntime; engine: { config: { trunk: { baseurl: string } } } }) => {
        const n = area.store.buildCountsByStatus();
        return [{ labels: { baseurl: engine.config.trunk.baseurl }, value: statuses.reduce((sum, s) => sum + (n.get(s) ?? 0), 0) }];
      },
    })),
  ],
});

export type { TrunkRuntime } from './runtime.js';

/** The trunk's runtime in an open engine. */
export const trunkOf = (engine: Pick<EngineCore, 'area'>): TrunkRuntime => engine.area(trunkArea);
