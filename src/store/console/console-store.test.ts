import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalClient } from '../../engine/client/local-client.js';
import { Engine } from '../../engine/engine.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { createConsoleStore } from './console-store.js';
import { trunkOf } from '../../engine/trunk/index.js';

describe('console store on a real engine', () => {
  let fx: Fixture;
  let engine: Engine;
  let client: LocalClient;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }, { name: 'pkg-c' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    client = new LocalClient(engine, { name: 'op', role: 'operator' });
  });
  afterAll(() => engine?.close());

  it('loads the snapshot, follows a pass in batches at most every flush interval, ends equal to a fresh snapshot', async () => {
    const store = createConsoleStore(client, { flushMs: 200 });
    await store.start();
    expect(store.getState().snapshot?.trunk.packages.map((p) => p.status)).toEqual(['NEVER', 'NEVER', 'NEVER']);
    expect(store.getState().connection).toEqual({ state: 'connected' });
    const updates: number[] = [];
    store.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot) updates.push(Date.now());
    });
    const before = engine.events.lastSeq();
    await trunkOf(engine).trunk.runPass();
    const events = engine.events.lastSeq() - before;
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toBeGreaterThan(10);
    expect(updates.length).toBeLessThan(events);
    for (let i = 1; i < updates.length; i++) expect(updates[i]! - updates[i - 1]!).toBeGreaterThanOrEqual(190);
    const fresh = await client.snapshot();
    const mine = store.getState().snapshot!;
    expect(mine.seq).toBe(fresh.seq);
    expect(mine.trunk.queue).toEqual([]);
    expect(mine.trunk.links).toEqual(fresh.trunk.links);
    expect(mine.trunk.packages.map((p) => [p.package, p.status, p.nvr])).toEqual(fresh.trunk.packages.map((p) => [p.package, p.status, p.nvr]));
    expect(mine.trunk.recent.map((b) => b.buildId)).toEqual(fresh.trunk.recent.map((b) => b.buildId));
    store.stop();
  });

  it('dispatches through the client, keeps the result as the message, and sees the audit entry arrive', async () => {
    const store = createConsoleStore(client, { flushMs: 20 });
    await store.start();
    const r = await store.dispatch({ name: 'trunk.recheck', args: { package: 'pkg-a' } });
    expect(r.ok).toBe(false);
    // The kind of refusal leads the message.
    expect(store.getState().message).toMatchObject({ ok: false, text: expect.stringMatching(/^trunk.recheck: (conflict|not found): pkg-a /) });
    await store.dispatch({ name: 'trunk.pause' });
    expect(store.getState().message).toMatchObject({ ok: true, text: 'trunk.pause: trunk loop paused' });
    await new Promise((r) => setTimeout(r, 60));
    expect(store.getState().snapshot?.paused).toEqual(['trunk']);
    expect((await client.query('audit.list', {}))[0]).toMatchObject({ actor: 'op', name: 'trunk.pause', ok: true });
    await store.dispatch({ name: 'trunk.resume' });
    store.stop();
  });

  it('keeps the watched views fresh: fetched before the first frame, refetched after the events that change them', async () => {
    const store = createConsoleStore(client, { watch: ['loop.list', 'audit.list'], flushMs: 20, viewMs: 20 });
    await store.start();
    expect(store.getState().views['loop.list']?.find((l) => l.name === 'trunk')).toEqual({ name: 'trunk', paused: false });
    const audited = store.getState().views['audit.list']!.length;
    await client.dispatch({ name: 'trunk.pause' });
    await new Promise((r) => setTimeout(r, 150));
    expect(store.getState().views['loop.list']?.find((l) => l.name === 'trunk')).toEqual({ name: 'trunk', paused: true });
    expect(store.getState().views['audit.list']!.length).toBe(audited + 1);
    // A view whose events did not come is not asked again.
    let asked = 0;
    const counting: typeof client = Object.assign(Object.create(client) as typeof client, {
      query: ((...a: Parameters<typeof client.query>) => (asked++, client.query(...a))) as typeof client.query,
    });
    const quiet = createConsoleStore(counting, { watch: ['ci.pool'], flushMs: 20, viewMs: 20 });
    await quiet.start();
    expect(asked).toBe(1);
    await client.dispatch({ name: 'trunk.resume' });
    await new Promise((r) => setTimeout(r, 150));
    expect(asked).toBe(1);
    quiet.stop();
    store.stop();
  });

  it('applies nothing after stop', async () => {
    const store = createConsoleStore(client, { flushMs: 20 });
    await store.start();
    const seq = store.getState().snapshot!.seq;
    store.stop();
    await client.dispatch({ name: 'trunk.pause' });
    await new Promise((r) => setTimeout(r, 60));
    expect(store.getState().snapshot!.seq).toBe(seq);
    await client.dispatch({ name: 'trunk.resume' });
  });
});
