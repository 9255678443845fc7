import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { REPLAY_BATCH, subscribeEvents } from './local-client.js';

const N = 10_000;

describe('subscribeEvents on a big event log', () => {
  let engine: Engine;

  beforeAll(async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    engine.db.transaction(() => {
      for (let i = 0; i < N; i++) engine.events.append('loop.paused', { loop: `l${i}` });
    })();
  });
  afterAll(() => engine?.close());

  it('replays in batches while the event loop keeps turning; live events during the replay come out once, in order', async () => {
    const start = engine.events.lastSeq();
    const seen: number[] = [];
    const batchSizes: number[] = [];
    let ticks = 0;
    let liveAppended = 0;
    let ticksDuringReplay = 0;
    const ticker = setInterval(() => {
      ticks++;
      if (seen.length < start) ticksDuringReplay++;
      // Live events while the replay is still running.
      if (liveAppended < 20) {
        engine.events.append('loop.resumed', { loop: `live${liveAppended++}` });
      }
    }, 0);
    let connected = false;
    const stop = subscribeEvents(
      engine,
      0,
      (events) => {
        batchSizes.push(events.length);
        seen.push(...events.map((e) => e.seq));
      },
      (c) => (connected = c.state === 'connected'),
    );
    try {
      // Nothing is delivered before subscribeEvents returns: the caller holds the unsubscribe first.
      expect(seen).toEqual([]);
      expect(connected).toBe(true);
      await expect.poll(() => liveAppended, { timeout: 10_000 }).toBe(20);
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(start + 20);
      // After the replay, live events still follow.
      engine.events.append('loop.resumed', { loop: 'after' });
      expect(seen.at(-1)).toBe(start + 21);
    } finally {
      stop();
      clearInterval(ticker);
    }
    expect(seen).toEqual(Array.from({ length: start + 21 }, (_, i) => i + 1));
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(REPLAY_BATCH);
    // The replay took at least N / REPLAY_BATCH turns of the event loop, and the interval ran in them.
    expect(batchSizes.length).toBeGreaterThanOrEqual(N / REPLAY_BATCH);
    expect(ticks).toBeGreaterThan(2);
    expect(ticksDuringReplay).toBeGreaterThan(0);
  });

  it('stops the replay as soon as it is cancelled, even from inside the delivery', async () => {
    const seen: number[] = [];
    let stop: () => void = () => undefined;
    stop = subscribeEvents(engine, 0, (events) => {
      seen.push(...events.map((e) => e.seq));
      stop(); // as ConsoleSession.send does when the socket's buffer overflows
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(Array.from({ length: REPLAY_BATCH }, (_, i) => i + 1));
    engine.events.append('loop.resumed', { loop: 'unseen' });
    expect(seen).toHaveLength(REPLAY_BATCH);
  });
});
