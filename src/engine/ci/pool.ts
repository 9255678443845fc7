import type { EventLog } from '../../store/db/event-log.js';
import type { NodeRow, NodeState, PipelineStore } from '../../store/db/pipeline-store.js';
import type { PoolSettings } from '../config/pipeline-schema.js';
import { EngineError } from '../errors.js';
import type { NodeProvider } from './provider.js';

/** States in which a node takes up a server slot (failed ones do not). */
const OCCUPYING: readonly NodeState[] = ['building', 'ready', 'in-use', 'used', 'deleting', 'hold'];

/** A failed node stays this long for the operator to see why, then it is cleaned up like any other. */
export const FAILED_NODE_GRACE_MS = 60_000;
/** After a launch fails, the next one waits this long, doubling with each failure in a row, up to the cap. */
export const LAUNCH_BACKOFF = { initialMs: 5_000, maxMs: 300_000 };

/** Why the pool is not launching right now, for the pane and the status facts. */
export interface PoolTrouble {
  /** Launches that failed in a row (0 once one succeeds). */
  failedLaunches: number;
  lastLaunchError: string | null;
  /** No launch before this (ms since the epoch). */
  nextLaunchAt: number;
  /** A round of upkeep that failed (listing the provider's nodes, say), and when; cleared by a round that works. */
  upkeepError: { at: number; message: string } | null;
}

/**
 * The pool of CI nodes, in the manner of nodepool: keeps `min-ready` nodes ready up to `max-servers`, retries
 * failed launches, deletes used and stale nodes and anything on the provider the database does not know.
 */
export class Pool {
  private ticking: Promise<void> | null = null;
  readonly trouble: PoolTrouble = { failedLaunches: 0, lastLaunchError: null, nextLaunchAt: 0, upkeepError: null };

  constructor(
    private readonly store: PipelineStore,
    private readonly events: EventLog,
    readonly provider: NodeProvider,
    readonly settings: PoolSettings | null,
    private readonly now: () => number = Date.now,
  ) {}

  private stopping = false;

  /** One maintenance round; concurrent calls share the running one. */
  tick(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.ticking ??= this.maintain().finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** No round starts any more; the one in progress ends (its launches may leave nodes `building` for recovery). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.ticking?.catch(() => undefined);
  }

  /** Takes a ready node of `label` for a job run (ready → in-use), or null when none is ready. */
  acquire(label: string, runId: number): NodeRow | null {
    for (const node of this.store.nodesIn('ready')) {
      if (node.label !== label) continue;
      if (this.move(node, ['ready'], 'in-use', null, { job_run_id: runId })) return this.store.node(node.id)!;
    }
    return null;
  }

  /** A job is done with the node: in-use → used (a held node stays held). */
  release(nodeId: number): void {
    const node = this.store.node(nodeId);
    if (node?.state === 'hold') this.store.setNodeState(node.id, ['hold'], 'hold', node.state_at, { job_run_id: null });
    else if (node) this.move(node, ['in-use'], 'used', null, { job_run_id: null });
  }

  hold(name: string, reason: string): NodeRow {
    const node = this.named(name);
    if (node.state === 'hold') return node;
    if (!this.move(node, ['ready', 'in-use', 'used'], 'hold', reason, { hold_reason: reason })) {
      throw new EngineError('conflict', `node ${name} is ${node.state}; only ready, in-use or used nodes can be held`);
    }
    return this.store.node(node.id)!;
  }

  /** Ends a hold; the node is then cleaned up like any used node (after its job, if one still runs). */
  releaseHold(name: string): NodeRow {
    const node = this.named(name);
    const to: NodeState = node.job_run_id !== null ? 'in-use' : 'used';
    if (!this.move(node, ['hold'], to, 'hold released', { hold_reason: null })) throw new EngineError('conflict', `node ${name} is ${node.state}, not held`);
    return this.store.node(node.id)!;
  }

  /** Deletes a node now, whatever it is doing (a job on it loses its node and is retried). */
  async deleteNode(name: string, reason: string): Promise<void> {
    const node = this.named(name);
    if (node.state !== 'deleting') this.move(node, [node.state], 'deleting', reason);
    await this.remove(this.store.node(node.id)!);
  }

  /** After an unclean stop: nothing runs on any node any more, so none of them can be trusted. */
  recover(): void {
    for (const node of this.store.nodes()) {
      if (node.state === 'building' || node.state === 'in-use') this.move(node, [node.state], 'deleting', 'engine restarted');
    }
  }

  /** Each step on its own: one that fails (a provider that cannot list its nodes) does not stop the others. */
  private async maintain(): Promise<void> {
    const s = this.settings;
    const now = this.now();
    const maxAge = (s?.['max-ready-age'] ?? 3600) * 1000;
    const failures: string[] = [];
    const step = async (what: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    await step('checking ready nodes', async () => {
      for (const node of this.store.nodesIn('ready')) {
        if (!(await this.provider.alive(node.name))) this.move(node, ['ready'], 'deleting', 'node is gone');
        else if (now - node.state_at > maxAge) this.move(node, ['ready'], 'deleting', 'older than max-ready-age');
      }
    });
    for (const node of this.store.nodesIn('used')) this.move(node, ['used'], 'deleting', 'used');
    for (const node of this.store.nodesIn('failed'))
      if (now - node.state_at > FAILED_NODE_GRACE_MS) this.move(node, ['failed'], 'deleting', 'failed: cleaned up');
    if (s) this.drain(s);
    await step('deleting nodes', async () => void (await Promise.all(this.store.nodesIn('deleting').map((n) => this.remove(n)))));
    await step('listing the provider’s nodes', () => this.removeLeaks());
    if (s) await step('launching nodes', () => this.fill(s));
    this.trouble.upkeepError = failures.length ? { at: now, message: failures.join('; ') } : null;
  }

  /** Above max-servers (it was lowered, to 0 to drain the pool): surplus ready nodes go first. */
  private drain(s: PoolSettings): void {
    const occupied = this.store.nodes().filter((n) => OCCUPYING.includes(n.state) && n.state !== 'deleting').length;
    let surplus = occupied - s['max-servers'];
    for (const node of this.store.nodesIn('ready')) {
      if (surplus <= 0) break;
      if (this.move(node, ['ready'], 'deleting', `above max-servers ${s['max-servers']}`)) surplus--;
    }
  }

  private async fill(s: PoolSettings): Promise<void> {
    if (this.now() < this.trouble.nextLaunchAt) return;
    const nodes = this.store.nodes();
    const waiting = nodes.filter((n) => n.state === 'ready' || n.state === 'building').length;
    const occupied = nodes.filter((n) => OCCUPYING.includes(n.state)).length;
    // While launches fail, one at a time: no burst of nodes that will all fail the same way.
    const room = this.trouble.failedLaunches > 0 ? 1 : Infinity;
    const launches = Math.max(0, Math.min(s['min-ready'] - waiting, s['max-servers'] - occupied, room));
    await Promise.all(Array.from({ length: launches }, () => this.launch(s)));
  }

  /** Whether the pool takes node requests at all (max-servers 0 declines them). */
  get accepting(): boolean {
    return this.settings !== null && this.settings['max-servers'] > 0;
  }

  private async launch(s: PoolSettings): Promise<void> {
    const node = this.store.insertNode(this.provider.name, s.label, this.now());
    this.events.append('node.state', { node: node.name, from: null, to: 'building', reason: null, jobRunId: null });
    let error = '';
    for (let attempt = 1; attempt <= 1 + s['launch-retries']; attempt++) {
      try {
        const { workspace } = await this.provider.launch(node.name);
        this.move(node, ['building'], 'ready', attempt > 1 ? `launched on attempt ${attempt}` : null, { workspace, launch_attempts: attempt, error: null });
        this.trouble.failedLaunches = 0;
        this.trouble.lastLaunchError = null;
        this.trouble.nextLaunchAt = 0;
        return;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        this.store.setNodeState(node.id, ['building'], 'building', this.now(), { launch_attempts: attempt, error });
      }
    }
    await this.provider.delete(node.name).catch(() => undefined);
    this.trouble.failedLaunches++;
    this.trouble.lastLaunchError = error;
    this.trouble.nextLaunchAt = this.now() + Math.min(LAUNCH_BACKOFF.maxMs, LAUNCH_BACKOFF.initialMs * 2 ** (this.trouble.failedLaunches - 1));
    this.move(node, ['building'], 'failed', `launch failed ${1 + s['launch-retries']} times: ${error}`, { error });
  }

  private async remove(node: NodeRow): Promise<void> {
    try {
      await this.provider.delete(node.name);
    } catch (err) {
      this.store.setNodeState(node.id, ['deleting'], 'deleting', node.state_at, { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.store.deleteNode(node.id);
    this.events.append('node.state', { node: node.name, from: 'deleting', to: 'deleted', reason: null, jobRunId: null });
  }

  private async removeLeaks(): Promise<void> {
    const known = new Set(this.store.nodes().map((n) => n.name));
    for (const name of await this.provider.list()) {
      if (known.has(name) || this.store.nodeByName(name)) continue;
      await this.provider.delete(name);
      this.events.append('node.state', {
        node: name,
        from: null,
        to: 'deleted',
        reason: 'leaked: on the provider but unknown to the database',
        jobRunId: null,
      });
    }
  }

  private move(
    node: NodeRow,
    from: readonly NodeState[],
    to: NodeState,
    reason: string | null,
    fields: Parameters<PipelineStore['setNodeState']>[4] = {},
  ): boolean {
    const current = this.store.node(node.id);
    if (!current || !from.includes(current.state)) return false;
    if (!this.store.setNodeState(node.id, from, to, this.now(), fields)) return false;
    if (current.state !== to) {
      const jobRunId = fields.job_run_id !== undefined ? fields.job_run_id : current.job_run_id;
      this.events.append('node.state', { node: node.name, from: current.state, to, reason, jobRunId });
    }
    return true;
  }

  private named(name: string): NodeRow {
    const node = this.store.nodeByName(name);
    if (!node) throw new EngineError('not-found', `no node named ${JSON.stringify(name)}`);
    return node;
  }
}
