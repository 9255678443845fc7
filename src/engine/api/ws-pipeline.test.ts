import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionScenario, type PromotionScenario } from '../../test-support/promotion-scenario.js';
import { hashToken, loadOperators } from '../config/operators.js';
import { LocalClient } from '../client/local-client.js';
import { startServer, type RunningServer } from './server.js';
import { WsClient } from '../client/ws-client.js';

const TOKEN = 'olga-token-0123456789';

describe('pipeline requests over /ws answer what the embedded engine answers', () => {
  let s: PromotionScenario;
  let server: RunningServer;
  let ws: WsClient;
  let local: LocalClient;

  beforeAll(async () => {
    s = await promotionScenario();
    writeFileSync(join(s.fx.configDir, 'operators.yml'), `operators:\n  - {name: olga, role: operator, token-sha256: ${hashToken(TOKEN)}}\n`);
    server = await startServer(s.engine, { host: '127.0.0.1', port: 0, operators: loadOperators(s.fx.configDir) });
    ws = new WsClient(server.url, TOKEN, { requestTimeoutMs: 10_000 });
    local = new LocalClient(s.engine, { name: 'olga', role: 'operator' });
  }, 120_000);
  afterAll(async () => {
    ws?.close();
    await server?.close();
    await s?.engine.close();
  });

  it('the snapshot carries the catalog; the pool and the chain are queries, answered as the embedded engine answers them', async () => {
    const snapshot = await ws.snapshot();
    expect(snapshot.catalog.queries.map((q) => q.name)).toEqual(expect.arrayContaining(['ci.pool', 'promotions.labels', 'trunk.build-log']));
    expect(snapshot.catalog.commands.find((c) => c.name === 'promote')).toMatchObject({
      dangerous: true,
      args: [expect.objectContaining({ name: 'hash' }), expect.objectContaining({ name: 'label' })],
    });
    const labels = await ws.query('promotions.labels', {});
    expect(labels.labels.map((l) => [l.label, l.repoHash, l.candidates.map((c) => c.repoHash)])).toEqual([['tripleo-ci-testing', s.held, [s.candidate]]]);
    const pool = await ws.query('ci.pool', {});
    expect(pool).toEqual(await local.query('ci.pool', {}));
    expect(pool.nodes.length).toBeGreaterThan(0);
    expect(pool.recent.some((r) => r.job === 'unit' && r.state === 'success')).toBe(true);
  });

  it('ci.job-log reads a job run’s log from an offset, or its tail', async () => {
    const run = (await ws.query('ci.pool', {})).recent.find((r) => r.job === 'unit' && r.state === 'success')!;
    const whole = await ws.query('ci.job-log', { runId: run.runId, offset: 0, limit: 64 * 1024 });
    expect(whole).toMatchObject({ complete: true, truncated: false, offset: Buffer.byteLength(whole.text) });
    expect(whole.text).toContain('unit-ok on');
    expect(await ws.query('ci.job-log', { runId: run.runId, offset: 5, limit: 4 })).toEqual(
      await local.query('ci.job-log', { runId: run.runId, offset: 5, limit: 4 }),
    );
    expect((await ws.query('ci.job-log', { runId: run.runId, offset: -1, limit: 8 })).text).toBe(whole.text.slice(-8));
  });

  it('explain says what is missing; diff lists the changed package', async () => {
    const why = await ws.query('promotions.explain', { hash: s.candidate, label: 'tripleo-ci-testing' });
    expect(why).toMatchObject({
      label: 'tripleo-ci-testing',
      repoHash: s.candidate,
      criteria: ['unit', 'lint'],
      passed: ['unit'],
      missing: ['lint'],
      promotable: false,
      manualAllowed: true,
    });
    expect(why).toEqual(await local.query('promotions.explain', { hash: s.candidate, label: 'tripleo-ci-testing' }));
    const diff = await ws.query('promotions.diff', { from: s.held, to: s.candidate });
    expect(diff.changed.map((c) => c.package)).toEqual(['pkg-a']);
    expect(diff.changed[0]!.from!.nvr).not.toBe(diff.changed[0]!.to!.nvr);
    expect([diff.added, diff.removed, diff.unchanged]).toEqual([[], [], 1]);
  });

  it('a refused query is an error answer with the reason and its kind; the connection stays usable', async () => {
    await expect(
      ws.query('promotions.explain', { hash: '0000000000000000000000000000000000000000_00000000', label: 'tripleo-ci-testing' }),
    ).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/no hashed repo 0{40}_0{8}/),
    });
    await expect(ws.query('promotions.diff', { from: 'not a hash', to: s.candidate })).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringMatching(/neither a repo hash/),
    });
    await expect(local.query('promotions.diff', { from: 'not a hash', to: s.candidate })).rejects.toThrow(/neither a repo hash/);
    // Arguments are checked against the query's own schema, by the engine, whichever client asks.
    await expect(ws.query('ci.job-log', { runId: 'seven' } as never)).rejects.toMatchObject({
      kind: 'bad-request',
      message: 'ci.job-log: runId must be a number (got "seven")',
    });
    await expect(ws.query('ci.job-log', { runId: 1, limit: 10 * 1024 * 1024 })).rejects.toMatchObject({
      kind: 'bad-request',
      message: expect.stringMatching(/^ci\.job-log: limit: /),
    });
    await expect(ws.query('nope.nothing' as never, {} as never)).rejects.toMatchObject({ kind: 'bad-request', message: 'unknown query "nope.nothing"' });
    expect((await ws.query('promotions.labels', {})).labels).toHaveLength(1);
  });
});
