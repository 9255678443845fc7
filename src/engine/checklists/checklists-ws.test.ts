import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILING_RUNBOOK, LATE_RUNBOOK, writeRunbooks } from '../../test-support/checklist-fixture.js';
import { createFixture } from '../../test-support/fixture.js';
import { startServer, type RunningServer } from '../api/server.js';
import { WsClient } from '../client/ws-client.js';
import { hashToken, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import type { EngineEvent } from '../events.js';

const OLGA = 'olga-token-0123456789';
const VIC = 'vic-token-0123456789';

describe('two consoles attached over /ws see the same checklist run', () => {
  let engine: Engine;
  let server: RunningServer;
  let a: WsClient;
  let b: WsClient;
  let viewer: WsClient;

  beforeAll(async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeRunbooks(fx.configDir, { late: LATE_RUNBOOK, failing: FAILING_RUNBOOK });
    writeFileSync(
      join(fx.configDir, 'operators.yml'),
      `operators:\n  - {name: olga, role: operator, token-sha256: ${hashToken(OLGA)}}\n  - {name: vic, role: viewer, token-sha256: ${hashToken(VIC)}}\n`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(fx.configDir) });
    a = new WsClient(server.url, OLGA, { requestTimeoutMs: 10_000 });
    b = new WsClient(server.url, OLGA, { requestTimeoutMs: 10_000 });
    viewer = new WsClient(server.url, VIC, { requestTimeoutMs: 10_000 });
  }, 60_000);
  afterAll(async () => {
    for (const c of [a, b, viewer]) c?.close();
    await server?.close();
    await engine?.close();
  });

  it('a run started and stepped from one console moves on the other; a viewer watches and may not mark', async () => {
    const seen: EngineEvent[] = [];
    const from = (await b.snapshot()).seq;
    b.subscribe(from, (events) => seen.push(...events));
    const started = await a.dispatch({ name: 'checklist.start', args: { checklist: 'failing', release: 'zed' } });
    expect(started.ok, started.message).toBe(true);
    const run = (started.data as { id: number }).id;
    await expect.poll(() => seen.some((e) => e.type === 'checklist.started' && e.payload.runId === run), { timeout: 5000 }).toBe(true);
    expect((await b.query('checklist.status', {}))?.id).toBe(run);

    expect((await a.dispatch({ name: 'checklist.step', args: { run, step: 'recheck' } })).ok).toBe(true);
    await expect
      .poll(() => seen.find((e) => e.type === 'checklist.step' && e.payload.step === 'recheck' && e.payload.state === 'failed'), { timeout: 5000 })
      .toMatchObject({ actor: 'olga', payload: { runId: run, result: expect.stringContaining('zed-nope') } });
    const onB = await b.query('checklist.status', { run });
    expect(onB!.steps.map((s) => s.status)).toEqual(['failed', 'blocked']);
    expect(onB).toEqual(await a.query('checklist.status', { run }));

    const fromB = await b.dispatch({ name: 'checklist.skip', args: { run, step: 'recheck', reason: 'retired upstream' } });
    expect(fromB.ok, fromB.message).toBe(true);
    expect((await a.query('checklist.status', { run }))!.steps.map((s) => [s.status, s.actor])).toEqual([
      ['skipped', 'olga'],
      ['ready', null],
    ]);
    expect((await viewer.query('checklist.status', { run }))!.steps[1]!.status).toBe('ready');
    const refused = await viewer.dispatch({ name: 'checklist.step', args: { run, step: 'after', notes: 'done' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((await a.query('checklist.status', { run }))!.steps[1]!.state).toBe('pending');
  });
});
