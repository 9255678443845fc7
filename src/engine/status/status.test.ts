import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { fakeHttp, fakeTcp, type FakeHttp, type FakeTcp } from '../../test-support/status-services.js';
import { ConfigError } from '../config/errors.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { maintenanceArea } from '../maintenance/index.js';
import { statusArea } from './index.js';

const alice = { name: 'alice', role: 'operator' } as const;
const T0 = Date.parse('2027-03-01T10:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(yml: string) {
  const fx = await createFixture([{ name: 'pkg-a' }]);
  writeFileSync(join(fx.configDir, 'status.yml'), yml);
  const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
  cleanups.push(() => engine.close());
  const clock = { t: T0 };
  const area = engine.area(statusArea);
  area.now = () => clock.t;
  area.startedAt = T0 - 3_600_000;
  engine.area(maintenanceArea).now = () => clock.t;
  const round = async () => {
    clock.t += 30_000;
    return await area.round();
  };
  return { fx, engine, area, clock, round, stateOf: (name: string) => area.view().services.find((s) => s.name === name)!.state };
}

async function services() {
  const web = await fakeHttp('up');
  const hang = await fakeHttp('hang');
  const db = await fakeTcp();
  cleanups.push(
    () => web.close(),
    () => hang.close(),
    () => db.stop(),
  );
  return { web, hang, db };
}

const yml = (web: FakeHttp, hang: FakeHttp, db: FakeTcp, flag: string) => `
status:
  interval: 30
services:
  - name: web
    group: Public
    probe: { kind: http, url: '${web.url}', timeout: 2 }
    rule: { failures: 2, major-after: 3, degraded-ms: 700, recover: 2 }
  - name: db
    group: Public
    probe: { kind: tcp, address: '${db.address}', timeout: 1 }
  - name: stuck
    group: Public
    probe: { kind: http, url: '${hang.url}', timeout: 0.3 }
  - name: flag
    group: Internal
    probe: { kind: command, argv: [test, '!', -e, '${flag}'], timeout: 2 }
  - name: disk
    group: Internal
    probe: { kind: internal, part: disk, min-free: 0 }
  - name: trunk
    group: Internal
    probe: { kind: internal, part: trunk }
`;

describe('status probes and states', () => {
  it('follows fake services that go down, answer slowly and hang, with hysteresis; publishes the facts and events', async () => {
    const { web, hang, db } = await services();
    const { fx, engine, round, stateOf } = await setup(yml(web, hang, db, '{data}/flag'));
    const flag = join(fx.dataDir, 'flag');

    const t = performance.now();
    let v = await round();
    // The hanging service is given up on at its timeout: the round does not wait for it.
    expect(performance.now() - t).toBeLessThan(2500);
    expect(Object.fromEntries(v.services.map((s) => [s.name, s.state]))).toEqual({
      web: 'operational',
      db: 'operational',
      stuck: 'operational',
      flag: 'operational',
      disk: 'operational',
      trunk: 'operational',
    });
    expect(v.services.find((s) => s.name === 'stuck')!.error).toMatch(/no answer within 0.3 s/);
    expect(v.services.find((s) => s.name === 'trunk')!.error).toBe('no trunk pass in the 3630 s the engine has run (more than 900 s)');

    web.mode = 'down';
    await db.stop();
    writeFileSync(flag, 'down');
    v = await round();
    expect(stateOf('stuck')).toBe('partial_outage');
    expect(stateOf('trunk')).toBe('partial_outage');
    expect(stateOf('web')).toBe('operational');
    expect(v.services.find((s) => s.name === 'web')!.error).toBe('HTTP 503 (expected 200)');
    await round();
    expect([stateOf('web'), stateOf('db'), stateOf('flag')]).toEqual(['partial_outage', 'partial_outage', 'partial_outage']);
    await round();
    expect(stateOf('web')).toBe('major_outage');
    expect(engine.facts()).toMatchObject({ 'status.service.web.state': 'major_outage', 'status.services-down': 5, 'status.service.disk.state': 'operational' });
    expect(typeof engine.facts()['status.service.web.latency-ms']).toBe('number');

    web.mode = 'up';
    await db.start();
    v = await round();
    expect(stateOf('web')).toBe('major_outage');
    v = await round();
    expect([stateOf('web'), stateOf('db')]).toEqual(['operational', 'operational']);
    expect(stateOf('flag')).toBe('major_outage');

    web.mode = 'slow';
    web.slowMs = 1200;
    await round();
    expect(stateOf('web')).toBe('operational');
    await round();
    expect(stateOf('web')).toBe('degraded_performance');
    web.mode = 'up';
    await round();
    expect(stateOf('web')).toBe('degraded_performance');
    await round();
    expect(stateOf('web')).toBe('operational');

    const changes = engine.events
      .read(0)
      .filter((e) => e.type === 'status.changed' && e.payload.service === 'web')
      .map((e) => (e.type === 'status.changed' ? e.payload.to : ''));
    expect(changes).toEqual(['partial_outage', 'major_outage', 'operational', 'degraded_performance', 'operational']);
    expect(existsSync(flag)).toBe(true);
  });

  it('probes from its loop as soon as the engine runs its loops, and again each interval', async () => {
    const web = await fakeHttp('up');
    cleanups.push(() => web.close());
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(join(fx.configDir, 'status.yml'), `status:\n  interval: 1\nservices:\n  - name: web\n    probe: { kind: http, url: '${web.url}' }\n`);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    cleanups.push(() => engine.close());
    for (const l of engine.loops.names()) if (l !== 'status') engine.loops.suspend(l, 'test');
    const loops = new EngineLoops(engine);
    cleanups.unshift(() => loops.stop({ wait: true }));
    loops.start();
    const rounds = () => engine.events.read(0).filter((e) => e.type === 'status.round').length;
    await expect.poll(rounds, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(engine.area(statusArea).view().services[0]).toMatchObject({ name: 'web', state: 'operational', error: null });
  });

  it('runs at most `concurrency` probes at once', async () => {
    const slow = await fakeHttp('slow', 150);
    cleanups.push(() => slow.close());
    const list = Array.from({ length: 6 }, (_, i) => `  - name: s${i}\n    probe: { kind: http, url: '${slow.url}?${i}' }\n`).join('');
    const { round } = await setup(`status:\n  concurrency: 2\nservices:\n${list}`);
    const t = performance.now();
    await round();
    expect(slow.maxInFlight).toBe(2);
    expect(performance.now() - t).toBeGreaterThanOrEqual(3 * 140);
  });

  it('mutes a service in a maintenance window (under_maintenance) and still counts its downtime in the uptime', async () => {
    const { web, hang, db } = await services();
    const { engine, area, clock, round, stateOf } = await setup(yml(web, hang, db, '/nonexistent-flag'));
    await round();
    web.mode = 'down';
    await round();
    await round();
    await round();
    expect(stateOf('web')).toBe('major_outage');
    const added = await engine.dispatch(
      {
        name: 'maintenance.add',
        args: { title: 'web upgrade', start: new Date(clock.t + 1000).toISOString(), minutes: 60, services: 'web', reason: 'test' },
      },
      alice,
    );
    expect(added.ok).toBe(true);
    clock.t += 1000;
    engine.area(maintenanceArea).reconcile();
    await round();
    const v = await round();
    const w = v.services.find((s) => s.name === 'web')!;
    expect(w).toMatchObject({ state: 'under_maintenance', probedState: 'major_outage', muted: true });
    expect(engine.facts()).toMatchObject({ 'status.service.web.state': 'under_maintenance' });
    expect(v.notOperational).toBe(v.services.filter((s) => s.state !== 'operational' && s.state !== 'under_maintenance').length);
    expect(v.services.filter((s) => s.name !== 'web').every((s) => s.state !== 'under_maintenance')).toBe(true);
    const today = w.uptime[w.uptime.length - 1]!;
    expect(today.maintenance).toBe(true);
    // An interval counts in the state it started in: 2 operational, 1 partial (30 %), then 2 major inside the
    // window (31 s and 30 s), which count all the same.
    expect(today.knownMs).toBe(5 * 30_000 + 1000);
    expect(today.downMs).toBeCloseTo(0.3 * 30_000 + 31_000 + 30_000, 6);
    expect(w.uptimeRatio!).toBeCloseTo(1 - 70_000 / 151_000, 6);
    expect(
      area
        .view()
        .services.find((s) => s.name === 'db')!
        .uptime.at(-1)!.maintenance,
    ).toBe(false);
  });

  it('opens, updates and resolves incidents with a timeline; refuses unknown services and updates after resolve', async () => {
    const { web, hang, db } = await services();
    const { engine, area, clock } = await setup(yml(web, hang, db, '/nonexistent-flag'));
    const opened = await engine.dispatch({ name: 'incident.open', args: { name: 'Web <down>', services: 'web,db', impact: 'major' } }, alice);
    expect(opened).toMatchObject({ ok: true, data: { id: 1, status: 'investigating', services: ['web', 'db'], createdBy: 'alice' } });
    clock.t += 60_000;
    expect(await engine.dispatch({ name: 'incident.update', args: { id: 1, status: 'identified', message: 'bad deploy' } }, alice)).toMatchObject({ ok: true });
    clock.t += 60_000;
    expect(await engine.dispatch({ name: 'incident.update', args: { id: 1, status: 'monitoring', message: 'rolled back' } }, alice)).toMatchObject({
      data: { monitoringAt: T0 + 120_000 },
    });
    expect(area.view().incidents[0]!.status).toBe('monitoring');
    expect(engine.facts()['status.incidents-open']).toBe(1);
    clock.t += 60_000;
    const resolved = await engine.dispatch({ name: 'incident.resolve', args: { id: 1 } }, alice);
    expect(resolved).toMatchObject({ ok: true, data: { status: 'resolved', resolvedAt: T0 + 180_000 } });
    expect((resolved.data as { updates: { status: string }[] }).updates.map((u) => u.status)).toEqual([
      'resolved',
      'monitoring',
      'identified',
      'investigating',
    ]);
    expect(engine.facts()['status.incidents-open']).toBe(0);

    expect(await engine.dispatch({ name: 'incident.update', args: { id: 1, status: 'identified', message: 'x' } }, alice)).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
      message: 'incident 1 is resolved',
    });
    expect(await engine.dispatch({ name: 'incident.open', args: { name: 'x', services: 'web,nope' } }, alice)).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
      message: expect.stringMatching(/services: unknown service "nope"/),
    });
    expect(await engine.dispatch({ name: 'incident.update', args: { id: 9, status: 'identified', message: 'x' } }, alice)).toMatchObject({
      error: { kind: 'not-found' },
    });
    expect(area.incidents()).toHaveLength(1);
    expect(
      engine.events
        .read(0)
        .filter((e) => e.type.startsWith('incident.'))
        .map((e) => e.type),
    ).toEqual(['incident.opened', 'incident.updated', 'incident.updated', 'incident.resolved']);
  });

  it('refuses a bad status.yml naming file, line and field', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const file = join(fx.configDir, 'status.yml');
    const open = () => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    const cases: [string, RegExp][] = [
      [
        'services:\n  - name: a\n    probe: { kind: ftp }\n',
        /status\.yml:3: services\[0\]\.probe\.kind: unknown probe kind; kinds: http, tcp, command, internal/,
      ],
      [
        'services:\n  - name: a\n    probe:\n      kind: http\n      url: ftp://x/\n',
        /status\.yml:5: services\[0\]\.probe\.url: not an http:\/\/ or https:\/\/ URL \(or \{served\}\/path\) \(got "ftp:\/\/x\/"\)/,
      ],
      [
        'services:\n  - name: a\n    probe: { kind: internal, part: cpu }\n',
        /status\.yml:3: services\[0\]\.probe\.part: unknown internal part; parts: trunk, promoter/,
      ],
      [
        'services:\n  - name: a\n    probe: { kind: tcp, address: "h:1" }\n  - name: a\n    probe: { kind: tcp, address: "h:1" }\n',
        /status\.yml:4: services\[1\]\.name: service name used twice \(first at services\[0\]\)/,
      ],
      ['services:\n  - name: a\n    probe: { kind: tcp, address: "nohost" }\n', /services\[0\]\.probe\.address: host:port/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      expect(open).toThrow(ConfigError);
      expect(open).toThrow(message);
    }
  });
});
