import { z } from 'zod';
import { REPLICA_MIGRATIONS } from '../../store/db/migrations/replica.js';
import { commandFor, defineArea, queryFor, type AreaContext, type EngineCore } from '../area.js';
import { statusText, verifyText } from './cli-text.js';
import { REPLICA_EVENTS } from './events.js';
import { replicaRoutes } from './routes.js';
import { REPLICA_LOOP, ReplicaRuntime, type VerifyOutcome } from './runtime.js';
import { replicaFacts, replicaStatus } from './view.js';

const command = commandFor<ReplicaRuntime>();
const query = queryFor<ReplicaRuntime>();
/** How often the follower asks for changes (and a primary prunes and watches its replicas). */
const TICK_MS = 250;

/** A live replica of the database: row changes captured on the primary, followed in order, verified, promoted. */
export const replicaArea = defineArea({
  name: 'replica',
  description: 'The database replica: follow a primary, verify it, promote it on failover, demote an old primary',
  migrations: REPLICA_MIGRATIONS,
  open: (engine, log) => new ReplicaRuntime(engine, log),
  commands: [
    command({
      name: 'replica.verify',
      description: "Compare every table's row count and checksum with the primary's at one position",
      dangerous: false,
      args: z.object({}),
      cli: { text: verifyText as (d: never) => string },
      run: async (_args, { area }) => {
        const v: VerifyOutcome = await area.verify();
        return v.ok
          ? { ok: true, message: `replica verify clean at position ${v.position} (${v.tables.length} tables)`, data: v }
          : { ok: false, message: `replica verify: ${v.firstDifference} differs at position ${v.position}`, data: v, error: { kind: 'conflict' } };
      },
    }),
    command({
      name: 'replica.promote',
      description: "Stop following and become a writable primary with a new generation (type this host's name)",
      dangerous: true,
      confirm: 'Promote the replica on {host} to a writable primary?',
      args: z.object({ host: z.string().min(1).max(255).describe("this host's name, typed to confirm") }),
      cli: { positional: ['host'] },
      run: async ({ host }, { area }) => {
        const p = await area.promote(host);
        return {
          ok: true,
          message: `promoted: writable primary of generation ${p.generation}${p.previousPrimary ? ` (${p.previousPrimary} is fenced)` : ''}`,
          data: p,
        };
      },
    }),
    command({
      name: 'replica.demote',
      description: 'Make this (old) primary a replica of the new one: it re-copies from --follow and follows it',
      dangerous: true,
      confirm: 'Demote this node and re-copy it from {follow}?',
      args: z.object({
        follow: z.string().min(1).max(500).describe("the new primary's URL"),
        token: z.string().min(1).max(512).optional().describe('a replication token of the new primary (kept in <data>/replica/token)'),
      }),
      run: async ({ follow, token }, { area }) => {
        const d = await area.demote(follow, token);
        return { ok: true, message: `demoted: a replica of ${d.follow}; the daemon re-copies from it and follows`, data: d };
      },
    }),
  ],
  queries: [
    query({
      name: 'replica.status',
      description: 'Role, generation, position, lag, last contact and state; a primary lists its replicas',
      args: z.object({}),
      changesOn: ['replica.peer-state', 'replica.promoted', 'replica.fenced', 'replica.demoted', 'replica.verified'],
      cli: { text: statusText as (d: never) => string },
      run: async (_args, { area }) => {
        await area.probe();
        return replicaStatus(area);
      },
    }),
  ],
  loops: [
    {
      name: REPLICA_LOOP,
      description: 'Follows the primary on a replica; prunes the change log and watches the replicas on a primary',
      every: () => TICK_MS,
      startNow: true,
      tick: ({ area }) => area.tick(),
    },
  ],
  guard: (cmd, _actor, { area }: { area: ReplicaRuntime }) => (cmd.name.startsWith('replica.') ? null : area.writeRefusal()),
  routes: (ctx: AreaContext<ReplicaRuntime>) => replicaRoutes(ctx),
  events: REPLICA_EVENTS,
  eventLevels: {
    'replica.promoted': 'warn',
    'replica.fenced': 'warn',
    'replica.demoted': 'warn',
    'replica.state': 'info',
    'replica.peer-state': 'info',
    'replica.verified': 'info',
  },
  facts: ({ area }) => replicaFacts(area),
  metrics: [
    {
      name: 'rdo_replica_lag_seconds',
      help: "Replication lag in seconds (a replica's own; on a primary, per replica)",
      type: 'gauge',
      labelNames: ['replica'],
      collect: ({ area }) => lagSamples(area, 'lagSeconds'),
    },
    {
      name: 'rdo_replica_lag_changes',
      help: 'Replication lag in row changes not applied yet',
      type: 'gauge',
      labelNames: ['replica'],
      collect: ({ area }) => lagSamples(area, 'lagChanges'),
    },
    {
      name: 'rdo_replica_up',
      help: '1 while the replica streams or catches up, 0 when disconnected or diverged',
      type: 'gauge',
      labelNames: ['replica'],
      collect: ({ area }) => {
        const s = replicaStatus(area);
        const up = (state: string | null) => (state === 'streaming' || state === 'catching-up' ? 1 : 0);
        return s.role === 'replica'
          ? [{ labels: { replica: 'self' }, value: up(s.state) }]
          : s.peers.map((p) => ({ labels: { replica: p.url ?? p.node }, value: up(p.state) }));
      },
    },
    {
      name: 'rdo_replica_generation',
      help: "This node's primary generation",
      type: 'gauge',
      collect: ({ area }) => [{ value: area.store.node().generation }],
    },
  ],
});

function lagSamples(area: ReplicaRuntime, what: 'lagSeconds' | 'lagChanges') {
  const s = replicaStatus(area);
  if (s.role === 'replica') return s[what] === null ? [] : [{ labels: { replica: 'self' }, value: s[what] }];
  return s.peers.map((p) => ({ labels: { replica: p.url ?? p.node }, value: p[what] }));
}

export const replicaOf = (engine: Pick<EngineCore, 'area'>): ReplicaRuntime => engine.area(replicaArea);
