import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../area.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { trunkOf } from '../trunk/index.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { alertsOf } from './index.js';
import type { WebhookPayload } from './payload.js';
import type { AlertsListView, SilenceView } from './view.js';
import { deliver } from './webhook.js';

const alice: Actor = { name: 'alice', role: 'operator' };
const MIN = 60_000;

/** A real webhook receiver on loopback: answers each request with the next status given (then 200). */
async function receiver(statuses: number[] = []) {
  const got: { status: number; body: WebhookPayload; type: string | undefined }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      got.push({ status, body: JSON.parse(text) as WebhookPayload, type: req.headers['content-type'] });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, ok: () => got.filter((g) => g.status === 200).map((g) => g.body), close: () => new Promise((r) => server.close(r)) };
}

describe('alerts on a real engine: rules over its facts, silences, the webhook', () => {
  let fx: Fixture;
  let engine: Engine;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let t = Date.UTC(2026, 11, 3, 6, 0, 0);

  const view = async () => (await engine.query('alerts.list', {}, alice)) as AlertsListView;
  const evaluate = async () => {
    const r = alertsOf(engine).evaluate();
    await alertsOf(engine).flush();
    return r.map((x) => `${x.rule} ${x.from}→${x.to}`);
  };

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    // The first delivery is refused with a 500: it is retried.
    hook = await receiver([500]);
    writeFileSync(
      join(fx.configDir, 'alerts.yml'),
      `webhooks:
  - name: on-call
    url: ${hook.url}
    retries: 2
    timeout: 2s
external-url: http://console.test:8080
rules:
  - name: PackageFailing
    fact: trunk.package-failing.{package}
    equals: true
    severity: critical
    summary: '{package}: build failing'
    jump: { pane: trunk, list: trunk.packages, row: 'p{package}' }
  - name: SomeFailing
    fact: trunk.packages-failing
    above: 0
    for: 5m
    summary: '{value} package(s) failing'
  - name: ReplicaLagging
    fact: replica.lag-seconds
    above: 60
    summary: replica behind
`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    alertsOf(engine).now = () => t;
    alertsOf(engine).backoffMs = 10;
    await trunkOf(engine).trunk.runPass();
  });
  afterAll(async () => {
    await engine?.close();
    await hook?.close();
  });

  it('nothing wrong: no alert, and a rule on facts the engine lacks (replica) is inactive, not an error', async () => {
    expect(await evaluate()).toEqual([]);
    const v = await view();
    expect(v.alerts).toEqual([]);
    expect(v.counts).toEqual({ firing: 0, pending: 0, silenced: 0, resolved: 0 });
    expect(v.rules).toBe(3);
    expect(hook.got).toEqual([]);
  });

  it('a failing build fires at once (no for), the aggregate rule is pending; the webhook gets the payload after a retry', async () => {
    await fx.commit('pkg-a', 'break');
    await trunkOf(engine).trunk.runPass();
    // The console's view shows it before the loop evaluates: the list is as of now.
    const before = await view();
    expect(before.alerts.map((a) => `${a.name}:${a.state}`)).toEqual(['PackageFailing:firing', 'SomeFailing:pending']);
    expect(hook.got).toEqual([]);

    expect(await evaluate()).toEqual(['PackageFailing inactive→firing', 'SomeFailing inactive→pending']);
    const v = await view();
    expect(v.counts).toEqual({ firing: 1, pending: 1, silenced: 0, resolved: 0 });
    expect(v.alerts[0]).toMatchObject({
      name: 'PackageFailing',
      severity: 'critical',
      summary: 'pkg-a: build failing',
      labels: { alertname: 'PackageFailing', severity: 'critical', package: 'pkg-a' },
      jump: { pane: 'trunk', list: 'trunk.packages', row: 'ppkg-a' },
      firedAt: t,
      why: 'trunk.package-failing.pkg-a = true, want = true',
    });
    // The first attempt got a 500, the retry a 200: one payload delivered, for the firing group only.
    expect(hook.got.map((g) => g.status)).toEqual([500, 200]);
    expect(hook.got[1]!.type).toBe('application/json');
    const p = hook.ok()[0]!;
    expect(p).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'on-call',
      groupKey: '{}:{alertname="PackageFailing"}',
      groupLabels: { alertname: 'PackageFailing' },
      commonLabels: { alertname: 'PackageFailing', package: 'pkg-a', severity: 'critical' },
      commonAnnotations: { summary: 'pkg-a: build failing' },
      externalURL: 'http://console.test:8080',
    });
    expect(p.alerts).toEqual([
      expect.objectContaining({ status: 'firing', startsAt: new Date(t).toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: v.alerts[0]!.fingerprint }),
    ]);
    const events = engine.events.read(0).filter((e) => e.type.startsWith('alert.'));
    expect(events.map((e) => e.type)).toEqual(['alert.firing', 'alert.pending', 'alert.notified']);
    expect(events[2]!.payload).toMatchObject({ receiver: 'on-call', ok: true, attempts: 2, status: 'firing' });
    // Evaluating again with nothing new sends nothing.
    t += MIN;
    expect(await evaluate()).toEqual([]);
    expect(hook.got).toHaveLength(2);
  });

  it('a silence made while an alert is pending keeps it from being sent when it fires; expired, it is sent', async () => {
    const add = await engine.dispatch({ name: 'silence.add', args: { matcher: 'alertname=SomeFailing', duration: '1h', comment: 'looking at it' } }, alice);
    expect(add.ok, add.message).toBe(true);
    const s = add.data as SilenceView;
    expect(s).toMatchObject({
      id: 's-1',
      state: 'active',
      matcher: 'alertname=SomeFailing',
      createdBy: 'alice',
      comment: 'looking at it',
      endsAt: t + 60 * MIN,
      matching: 1,
    });
    expect((await view()).counts).toEqual({ firing: 1, pending: 0, silenced: 1, resolved: 0 });

    t += 5 * MIN;
    expect(await evaluate()).toEqual(['SomeFailing pending→firing']);
    const v = await view();
    expect(v.alerts.find((a) => a.name === 'SomeFailing')).toMatchObject({
      state: 'firing',
      silencedBy: [{ id: 's-1', comment: 'looking at it', createdBy: 'alice', endsAt: s.endsAt }],
    });
    expect(hook.got).toHaveLength(2);

    const expired = await engine.dispatch({ name: 'silence.expire', args: { id: 's-1' } }, alice);
    expect(expired.ok, expired.message).toBe(true);
    expect((expired.data as SilenceView).state).toBe('expired');
    expect((await view()).counts).toEqual({ firing: 2, pending: 0, silenced: 0, resolved: 0 });
    expect(await evaluate()).toEqual([]);
    expect(hook.ok().at(-1)).toMatchObject({
      status: 'firing',
      groupKey: '{}:{alertname="SomeFailing"}',
      commonAnnotations: { summary: '1 package(s) failing' },
    });
    const again = await engine.dispatch({ name: 'silence.expire', args: { id: 's-1' } }, alice);
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('bad silences are refused naming what is wrong; a viewer may not silence', async () => {
    const refused = async (args: Record<string, unknown>) => {
      const r = await engine.dispatch({ name: 'silence.add', args }, alice);
      expect(r.ok).toBe(false);
      return `${r.error?.kind}: ${r.message}`;
    };
    expect(await refused({ matcher: 'package', comment: 'x' })).toMatch(/^bad-request: matcher: "package" is not name=value/);
    expect(await refused({ matcher: 'a=b', duration: 'soon', comment: 'x' })).toMatch(/^bad-request: duration: not a duration/);
    expect(await refused({ matcher: 'a=b', duration: '100d', comment: 'x' })).toMatch(/^bad-request: duration: at most 90d/);
    expect(await refused({ matcher: 'a=b', comment: '  ' })).toMatch(/^bad-request: comment: say why/);
    expect(await refused({ matcher: 'a=b', comment: 'x', start: 'tomorrow' })).toMatch(/^bad-request: start: not an ISO time/);
    expect((await engine.dispatch({ name: 'silence.expire', args: { id: 's-99' } }, alice)).error?.kind).toBe('not-found');
    const viewer = await engine.dispatch({ name: 'silence.add', args: { matcher: 'a=b', comment: 'x' } }, { name: 'bob', role: 'viewer' });
    expect(viewer.error?.kind).toBe('forbidden');
    // Nothing refused was recorded as a silence.
    expect(((await engine.query('silences.list', {}, alice)) as AlertsListView).silences.map((s) => s.id)).toEqual(['s-1']);
  });

  it('fixed, the alerts resolve and receivers are told; the state survives a restart', async () => {
    await fx.commit('pkg-a', 'fix');
    await trunkOf(engine).trunk.runPass();
    t += MIN;
    expect((await evaluate()).sort()).toEqual(['PackageFailing firing→resolved', 'SomeFailing firing→resolved']);
    const resolved = hook.ok().slice(-2);
    expect(resolved.map((p) => [p.groupKey, p.status, p.alerts.map((a) => a.status)])).toEqual([
      ['{}:{alertname="PackageFailing"}', 'resolved', ['resolved']],
      ['{}:{alertname="SomeFailing"}', 'resolved', ['resolved']],
    ]);
    expect(resolved[0]!.alerts[0]!.endsAt).toBe(new Date(t).toISOString());
    expect((await view()).counts).toEqual({ firing: 0, pending: 0, silenced: 0, resolved: 2 });

    await engine.close();
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    alertsOf(engine).now = () => t;
    expect((await view()).alerts.map((a) => `${a.name}:${a.state}`).sort()).toEqual(['PackageFailing:resolved', 'SomeFailing:resolved']);
    const sent = hook.got.length;
    t += MIN;
    expect(await evaluate()).toEqual([]);
    expect(hook.got).toHaveLength(sent);
  });
});

describe('webhook delivery', () => {
  it('gives up after its retries on a receiver that never answers, and on one that refuses connections', async () => {
    const server = createServer(() => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const started = Date.now();
    const d = await deliver({ name: 'h', url, timeoutMs: 200, retries: 1, sendResolved: true }, {} as WebhookPayload, 10);
    expect(d).toEqual({ ok: false, attempts: 2, status: null, error: 'no answer in 200 ms' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    const refused = await deliver({ name: 'h', url, timeoutMs: 200, retries: 0, sendResolved: true }, {} as WebhookPayload, 10);
    expect(refused).toEqual({ ok: false, attempts: 1, status: null, error: 'ECONNREFUSED' });
  });
});

describe('the alerts loop', () => {
  it('evaluates at start and again soon after a fact-changing event, with no one asking', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    for (const name of engine.loops.names().filter((n) => n !== 'alerts')) engine.loops.pause(name, 'test');
    await trunkOf(engine).trunk.runPass();
    const loops = new EngineLoops(engine);
    try {
      loops.start();
      await until(() => alertsOf(engine).evaluatedAt !== null, 'the first evaluation');
      expect(engine.events.read(0).filter((e) => e.type === 'alert.firing')).toEqual([]);
      await fx.commit('pkg-a', 'break');
      await trunkOf(engine).trunk.runPass();
      await until(() => engine.events.read(0).some((e) => e.type === 'alert.firing'), 'an alert.firing event');
      const fired = engine.events.read(0).find((e) => e.type === 'alert.firing')!;
      expect(fired.payload).toMatchObject({ rule: 'PackageFailing', severity: 'critical', summary: 'pkg-a: build failing', labels: { package: 'pkg-a' } });
    } finally {
      await loops.stop({ wait: true });
      await engine.close();
    }
  });
});

async function until(ok: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
