import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalClient } from '../engine/api/local-client.js';
import { Engine } from '../engine/engine.js';
import { createFixture, type Fixture } from '../test-support/fixture.js';
import { createConsoleStore } from './console-store.js';

describe('console store on a real engine', () => {
  let fx: Fixture;
  let engine: Engine;
  let client: LocalClient;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }, { name: 'pkg-c' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeTrunk()).toEqual({ ok: true });
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
    await engine.runPass();
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
    expect(store.getState().message).toMatchObject({ ok: false, text: expect.stringContaining('trunk.recheck: pkg-a') });
    await store.dispatch({ name: 'trunk.pause' });
    expect(store.getState().message).toMatchObject({ ok: true, text: 'trunk.pause: trunk loop paused' });
    await new Promise((r) => setTimeout(r, 60));
    expect(store.getState().snapshot?.paused).toEqual(['trunk']);
    expect(store.getState().snapshot?.audit[0]).toMatchObject({ actor: 'op', name: 'trunk.pause', ok: true });
    await store.dispatch({ name: 'trunk.resume' });
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
