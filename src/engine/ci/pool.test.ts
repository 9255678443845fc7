import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db/db.js';
import { engineMigrations } from '../engine.js';
import { EventLog } from '../../store/db/event-log.js';
import { PipelineStore } from '../../store/db/pipeline-store.js';
import type { PoolSettings } from '../config/pipeline-schema.js';
import { LocalProvider } from './local-provider.js';
import { Pool } from './pool.js';

/** The local provider, except that the first `failures` launches fail. */
class FlakyProvider extends LocalProvider {
  launches = 0;
  constructor(
    dir: string,
    private failures: number,
  ) {
    super(dir);
  }
  override async launch(node: string) {
    this.launches++;
    if (this.failures-- > 0) throw new Error('quota exceeded');
    return super.launch(node);
  }
}

function setup(settings: Partial<PoolSettings> = {}, failures = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-pool-'));
  const db = openDb(join(dir, 'trunk.db'), { migrations: engineMigrations() });
  const store = new PipelineStore(db);
  const events = new EventLog(db);
  const provider = new FlakyProvider(join(dir, 'nodes'), failures);
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const pool = new Pool(
    store,
    events,
    provider,
    { provider: 'local', label: 'el9', 'max-servers': 3, 'min-ready': 2, 'launch-retries': 2, 'max-ready-age': 60, ...settings },
    () => now,
  );
  const states = () => store.nodes().map((n) => `${n.name}:${n.state}`);
  const transitions = () => events.read(0).flatMap((e) => (e.type === 'node.state' ? [`${e.payload.node} ${e.payload.from ?? '-'}>${e.payload.to}`] : []));
  return { dir, store, events, provider, pool, clock, states, transitions, nodesDir: join(dir, 'nodes') };
}

describe('pool', () => {
  it('keeps min-ready nodes ready, each a real workspace, and records every state change', async () => {
    const p = setup();
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:ready', 'el9-0002:ready']);
    for (const n of p.store.nodes()) expect(existsSync(n.workspace!)).toBe(true);
    expect(p.transitions()).toEqual(['el9-0001 ->building', 'el9-0002 ->building', 'el9-0001 building>ready', 'el9-0002 building>ready']);
    await p.pool.tick();
    expect(p.store.nodes()).toHaveLength(2);
  });

  it('never exceeds max-servers; in-use nodes count', async () => {
    const p = setup({ 'max-servers': 3, 'min-ready': 2 });
    await p.pool.tick();
    expect(p.pool.acquire('el9', 1)!.state).toBe('in-use');
    expect(p.pool.acquire('el9', 2)!.state).toBe('in-use');
    expect(p.pool.acquire('el9', 3)).toBeNull();
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:in-use', 'el9-0002:in-use', 'el9-0003:ready']);
    expect(p.pool.acquire('other-label', 4)).toBeNull();
  });

  it('cleans up used nodes: used, deleting, gone from disk and database', async () => {
    const p = setup({ 'min-ready': 1 });
    await p.pool.tick();
    const node = p.pool.acquire('el9', 7)!;
    expect(node.job_run_id).toBe(7);
    p.pool.release(node.id);
    expect(p.store.node(node.id)!.state).toBe('used');
    await p.pool.tick();
    expect(existsSync(node.workspace!)).toBe(false);
    expect(p.states()).toEqual(['el9-0002:ready']);
    expect(p.transitions()).toContain('el9-0001 in-use>used');
    expect(p.transitions()).toContain('el9-0001 used>deleting');
    expect(p.transitions()).toContain('el9-0001 deleting>deleted');
  });

  it('retries a failed launch up to launch-retries', async () => {
    const p = setup({ 'min-ready': 1, 'launch-retries': 2 }, 2);
    await p.pool.tick();
    expect(p.provider.launches).toBe(3);
    expect(p.store.nodes()[0]).toMatchObject({ state: 'ready', launch_attempts: 3, error: null });
  });

  it('marks a node failed after 1 + launch-retries failures, and launches another next time', async () => {
    const p = setup({ 'min-ready': 1, 'launch-retries': 1 }, 2);
    await p.pool.tick();
    expect(p.store.nodes()[0]).toMatchObject({ state: 'failed', launch_attempts: 2, error: 'quota exceeded' });
    expect(p.transitions()).toEqual(['el9-0001 ->building', 'el9-0001 building>failed']);
    // The next launch waits out the backoff.
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:failed']);
    p.clock.advance(5_000);
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:failed', 'el9-0002:ready']);
    expect(p.pool.trouble).toMatchObject({ failedLaunches: 0, lastLaunchError: null });
  });

  it('backs off launches that keep failing (doubling, capped), one at a time; failed nodes are cleaned up after a minute', async () => {
    const p = setup({ 'min-ready': 2, 'launch-retries': 0 }, 100);
    await p.pool.tick();
    // Two launches were due; after the first failure round only one is tried at a time.
    expect(p.provider.launches).toBe(2);
    expect(p.pool.trouble).toMatchObject({ failedLaunches: 2, lastLaunchError: 'quota exceeded' });
    const waits: number[] = [];
    for (let round = 0; round < 8; round++) {
      const before = p.provider.launches;
      let waited = 0;
      while (p.provider.launches === before) {
        p.clock.advance(1_000);
        waited += 1_000;
        await p.pool.tick();
      }
      expect(p.provider.launches).toBe(before + 1);
      waits.push(waited);
    }
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    // Failed nodes do not pile up: each is deleted a minute after it failed.
    expect(p.store.nodesIn('failed').length).toBeLessThanOrEqual(1);
    expect(p.transitions()).toContain('el9-0001 deleting>deleted');
  });

  it('max-servers 0 drains the pool: ready nodes are deleted, none is launched, requests are not accepted', async () => {
    const p = setup({ 'min-ready': 2 });
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:ready', 'el9-0002:ready']);
    const drained = new Pool(p.store, p.events, p.provider, {
      provider: 'local',
      label: 'el9',
      'max-servers': 0,
      'min-ready': 2,
      'launch-retries': 0,
      'max-ready-age': 60,
    });
    expect(drained.accepting).toBe(false);
    await drained.tick();
    expect(p.states()).toEqual([]);
    expect(p.transitions()).toContain('el9-0001 ready>deleting');
    await drained.tick();
    expect(p.states()).toEqual([]);
  });

  it('a provider that cannot list its nodes does not stop the upkeep: nodes are still launched, the error is kept', async () => {
    const p = setup({ 'min-ready': 1 });
    p.provider.list = async () => {
      throw new Error('EACCES: permission denied, scandir nodes');
    };
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:ready']);
    expect(p.pool.trouble.upkeepError?.message).toMatch(/listing the provider’s nodes: EACCES/);
  });

  it('replaces ready nodes older than max-ready-age', async () => {
    const p = setup({ 'min-ready': 1, 'max-ready-age': 60 });
    await p.pool.tick();
    p.clock.advance(30_000);
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0001:ready']);
    p.clock.advance(31_000);
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0002:ready']);
    expect(p.events.read(0).some((e) => e.type === 'node.state' && e.payload.reason === 'older than max-ready-age')).toBe(true);
  });

  it('removes a workspace the database does not know (a leak)', async () => {
    const p = setup({ 'min-ready': 1 });
    mkdirSync(join(p.nodesDir, 'el9-0999', 'junk'), { recursive: true });
    await p.pool.tick();
    expect(existsSync(join(p.nodesDir, 'el9-0999'))).toBe(false);
    expect(p.transitions()).toContain('el9-0999 ->deleted');
    expect(p.states()).toEqual(['el9-0001:ready']);
  });

  it('replaces a ready node whose workspace vanished', async () => {
    const p = setup({ 'min-ready': 1 });
    await p.pool.tick();
    await p.provider.delete('el9-0001');
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0002:ready']);
  });

  it('hold keeps a node past its job; release cleans it up; delete works in any state', async () => {
    const p = setup({ 'min-ready': 2, 'max-servers': 3 });
    await p.pool.tick();
    const node = p.pool.acquire('el9', 1)!;
    p.pool.hold(node.name, 'debugging');
    p.pool.release(node.id);
    await p.pool.tick();
    expect(p.store.node(node.id)).toMatchObject({ state: 'hold', hold_reason: 'debugging', job_run_id: null });
    expect(existsSync(node.workspace!)).toBe(true);
    expect(p.pool.releaseHold(node.name).state).toBe('used');
    await p.pool.tick();
    expect(p.store.node(node.id)).toBeUndefined();
    await p.pool.deleteNode('el9-0002', 'operator');
    expect(p.store.nodeByName('el9-0002')).toBeUndefined();
    expect(() => p.pool.hold('nope', 'x')).toThrow(/no node named "nope"/);
  });

  it('recovers after a crash: building and in-use nodes are deleted', async () => {
    const p = setup({ 'min-ready': 2 });
    await p.pool.tick();
    p.pool.acquire('el9', 1);
    p.pool.recover();
    expect(p.states()).toEqual(['el9-0001:deleting', 'el9-0002:ready']);
    await p.pool.tick();
    expect(p.states()).toEqual(['el9-0002:ready', 'el9-0003:ready']);
  });
});
