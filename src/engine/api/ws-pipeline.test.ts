import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promotionScenario, type PromotionScenario } from '../../test-support/promotion-scenario.js';
import { hashToken, loadOperators } from '../config/operators.js';
import { LocalClient } from './local-client.js';
import { startServer, type RunningServer } from './server.js';
import { WsClient } from './ws-client.js';

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
    s?.engine.close();
  });

  it('the snapshot carries the pipeline; pipeline() refetches it', async () => {
    const snapshot = await ws.snapshot();
    expect(snapshot.pipeline?.labels.map((l) => [l.label, l.repoHash, l.candidates.map((c) => c.repoHash)])).toEqual([['tripleo-ci-testing', s.held, [s.candidate]]]);
    const pipeline = await ws.pipeline();
    expect(pipeline).toEqual(await local.pipeline());
    expect(pipeline?.nodes.length).toBeGreaterThan(0);
    expect(pipeline?.recent.some((r) => r.job === 'unit' && r.state === 'success')).toBe(true);
  });

  it('jobLog reads a job run’s log from an offset, or its tail', async () => {
    const run = (await ws.pipeline())!.recent.find((r) => r.job === 'unit' && r.state === 'success')!;
    const whole = await ws.jobLog(run.runId, 0, 64 * 1024);
    expect(whole).toMatchObject({ complete: true, truncated: false, offset: Buffer.byteLength(whole.text) });
    expect(whole.text).toContain('unit-ok on');
    expect(await ws.jobLog(run.runId, 5, 4)).toEqual(await local.jobLog(run.runId, 5, 4));
    expect((await ws.jobLog(run.runId, -1, 8)).text).toBe(whole.text.slice(-8));
  });

  it('explain says what is missing; diff lists the changed package', async () => {
    const why = await ws.explain(s.candidate, 'tripleo-ci-testing');
    expect(why).toMatchObject({ label: 'tripleo-ci-testing', repoHash: s.candidate, criteria: ['unit', 'lint'], passed: ['unit'], missing: ['lint'], promotable: false, manualAllowed: true });
    expect(why).toEqual(await local.explain(s.candidate, 'tripleo-ci-testing'));
    const diff = await ws.diff(s.held, s.candidate);
    expect(diff.changed.map((c) => c.package)).toEqual(['pkg-a']);
    expect(diff.changed[0]!.from!.nvr).not.toBe(diff.changed[0]!.to!.nvr);
    expect([diff.added, diff.removed, diff.unchanged]).toEqual([[], [], 1]);
  });

  it('a bad hash is an error answer with the reason; the connection stays usable', async () => {
    await expect(ws.explain('0000000000000000000000000000000000000000_00000000', 'tripleo-ci-testing')).rejects.toThrow(/no hashed repo 0{40}_0{8}/);
    await expect(ws.diff('not a hash', s.candidate)).rejects.toThrow(/neither a repo hash/);
    await expect(local.diff('not a hash', s.candidate)).rejects.toThrow(/neither a repo hash/);
    expect((await ws.pipeline())?.labels).toHaveLength(1);
  });
});
