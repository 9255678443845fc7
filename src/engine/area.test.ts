import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFixture } from '../test-support/fixture.js';
import { commandFor, defineArea, queryFor } from './area.js';
import { AREAS } from './areas.js';
import { Engine } from './engine.js';
import { EngineError } from './errors.js';
import { EngineLoops } from './loops.js';

/** A whole area in one object: what a new area adds, and nothing else in the engine changes. */
function counterArea() {
  const state = { ticks: 0, frozen: false };
  const command = commandFor<typeof state>();
  const query = queryFor<typeof state>();
  return defineArea({
    name: 'counter',
    description: 'Counts',
    migrations: [{ id: 'counter/001-counts', sql: 'CREATE TABLE counts (n INTEGER NOT NULL)' }],
    open: () => state,
    commands: [
      command({
        name: 'counter.add',
        description: 'Add to the count',
        dangerous: false,
        args: z.object({ by: z.number().int().min(1) }),
        run: ({ by }, { area }) => {
          area.ticks += by;
          return { ok: true, message: `now ${area.ticks}` };
        },
      }),
    ],
    queries: [query({ name: 'counter.value', description: 'The count', args: z.object({}), changesOn: [], run: (_a, { area }) => area.ticks })],
    loops: [{ name: 'counter', description: 'Counts up', every: () => 10, startNow: true, tick: async ({ area }) => void area.ticks++ }],
    events: [],
    metrics: [{ name: 'rdo_counter', help: 'The count', type: 'gauge', collect: ({ area }) => [{ value: area.ticks }] }],
    facts: ({ area }) => ({ 'counter.ticks': area.ticks }),
    guard: (c, _actor, { area }) => (area.frozen && c.name !== 'loop.resume' ? new EngineError('unavailable', 'frozen') : null),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition the loops bring about (other areas' loops share the event loop), failing after 10 s. */
async function until(ok: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !ok(); await sleep(10)) if (Date.now() > end) throw new Error('condition not met in 10 s');
}

describe('an area added beside the others', () => {
  let engine: Engine | undefined;
  let loops: EngineLoops | undefined;
  afterEach(async () => {
    await loops?.stop();
    await engine?.close();
  });

  it('brings its migration, command, query, loop, metric, facts and guard; its loop pauses, suspends and resumes', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const area = counterArea();
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir }, [...AREAS, area]);
    const operator = { name: 'op', role: 'operator' as const };
    const state = engine.area(area);
    expect(await engine.dispatch({ name: 'counter.add', args: { by: 2 } }, operator)).toEqual({ ok: true, message: 'now 2' });
    expect(await engine.dispatch({ name: 'counter.add', args: { by: 0 } }, operator)).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await engine.query('counter.value', {})).toBe(2);
    expect(engine.facts()).toMatchObject({ 'counter.ticks': 2, 'trunk.queue-length': 0 });
    expect((await engine.metrics.render()).text).toMatch(/^rdo_counter 2$/m);
    expect(engine.catalog().loops).toContain('counter');

    loops = new EngineLoops(engine);
    loops.start();
    await until(() => state.ticks > 3);

    // Paused by an operator: it stops ticking (and a tick in progress is never doubled).
    await engine.dispatch({ name: 'loop.pause', args: { loop: 'counter' } }, operator);
    await sleep(20);
    const paused = state.ticks;
    await sleep(150);
    expect(state.ticks).toBe(paused);
    await engine.dispatch({ name: 'loop.resume', args: { loop: 'counter' } }, operator);
    await until(() => state.ticks > paused);

    // Suspended for a reason (a maintenance window): held until every reason is lifted.
    engine.loops.suspend('counter', 'window-1');
    engine.loops.suspend('counter', 'window-2');
    await sleep(20);
    const suspended = state.ticks;
    engine.loops.lift('counter', 'window-1');
    await sleep(150);
    expect(state.ticks).toBe(suspended);
    expect(engine.loops.suspensions()).toEqual([{ loop: 'counter', reason: 'window-2' }]);
    engine.loops.lift('counter', 'window-2');
    await until(() => state.ticks > suspended);
    expect(() => engine!.loops.suspend('nope', 'x')).toThrow(/unknown loop "nope"/);

    // Its guard sees every command before it runs.
    state.frozen = true;
    expect(await engine.dispatch({ name: 'trunk.pause' }, operator)).toEqual({ ok: false, message: 'frozen', error: { kind: 'unavailable' } });
    expect(engine.loops.isPaused('trunk')).toBe(false);
  });
});
