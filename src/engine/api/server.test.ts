import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { hashPassword, hashToken, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import type { EngineEvent } from '../events.js';
import type { ConnectionState } from '../client/index.js';
import { rawRequest } from './http-test-client.js';
import { startServer, type RunningServer } from './server.js';
import { WsClient } from '../client/ws-client.js';
import { trunkOf } from '../trunk/index.js';

const OPERATOR = { name: 'olga', token: 'olga-token-0123456789' };
const VIEWER = { name: 'victor', token: 'victor-token-0123456789' };
const fast = { backoff: { initialMs: 20, maxMs: 200 }, requestTimeoutMs: 10_000 };

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A subscriber that keeps every event and connection state it is given. */
function recorder(client: WsClient, fromSeq = 0) {
  const events: EngineEvent[] = [];
  const states: ConnectionState[] = [];
  const stop = client.subscribe(
    fromSeq,
    (batch) => events.push(...batch),
    (c) => states.push(c),
  );
  return { events, states, stop, seqs: () => events.map((e) => e.seq), last: () => events.at(-1)?.seq ?? fromSeq };
}

/** A raw socket to the daemon, collecting what it says. */
async function rawSocket(url: string, token: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { Authorization: `Bearer ${token}` } });
  const messages: { type: string; id?: unknown; message?: string }[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  return { ws, messages, closed };
}

describe('the daemon: a real engine, HTTP and two attached consoles', () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  let operator: WsClient;
  let viewer: WsClient;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    writeFileSync(
      join(fx.configDir, 'operators.yml'),
      `operators:\n  - {name: ${OPERATOR.name}, role: operator, token-sha256: ${hashToken(OPERATOR.token)}}\n` +
        `  - {name: ${VIEWER.name}, role: viewer, token-sha256: ${hashToken(VIEWER.token)}}\n` +
        `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(fx.configDir), heartbeatMs: 500 });
    operator = new WsClient(server.url, OPERATOR.token, fast);
    viewer = new WsClient(server.url, VIEWER.token, fast);
  });
  afterAll(async () => {
    operator?.close();
    viewer?.close();
    await server?.close();
    engine?.close();
  });

  it('both consoles see the same event sequence of a trunk pass, in order, with nothing missing', async () => {
    const a = recorder(operator);
    const b = recorder(viewer);
    await until('both connected', () => a.states.length > 0 && b.states.length > 0);
    expect(a.states).toEqual([{ state: 'connected' }]);
    const result = await trunkOf(engine).trunk.runPass();
    expect(result).toMatchObject({ built: 2, failed: 0 });
    const last = engine.events.lastSeq();
    await until('both caught up', () => a.last() === last && b.last() === last);
    const logged = engine.events.read(0, 10_000).map((e) => e.seq);
    expect(a.seqs()).toEqual(logged);
    expect(b.seqs()).toEqual(logged);
    expect(a.events.map((e) => e.type)).toContain('build.finished');
    expect(b.events).toEqual(a.events);
    a.stop();
    b.stop();
  });

  it('snapshots carry the identity the token names', async () => {
    const [s, v] = await Promise.all([operator.snapshot(), viewer.snapshot()]);
    expect(s.identity).toEqual({ name: OPERATOR.name, role: 'operator' });
    expect(v.identity).toEqual({ name: VIEWER.name, role: 'viewer' });
    expect(s.seq).toBe(engine.events.lastSeq());
    expect(s.trunk.recent.map((b) => b.status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it("a viewer's dispatch is refused and audited; an operator's runs", async () => {
    const refused = await viewer.dispatch({ name: 'trunk.pause' });
    expect(refused).toEqual({ ok: false, message: `${VIEWER.name} is a viewer and may not run trunk.pause`, error: { kind: 'forbidden' } });
    expect(engine.loops.isPaused('trunk')).toBe(false);
    const audit = engine.events.read(0, 10_000).filter((e) => e.type === 'command' && e.actor === VIEWER.name);
    expect(audit).toEqual([expect.objectContaining({ payload: expect.objectContaining({ name: 'trunk.pause', ok: false }) })]);

    expect(await operator.dispatch({ name: 'trunk.pause' })).toEqual({ ok: true, message: 'trunk loop paused' });
    expect(engine.loops.isPaused('trunk')).toBe(true);
    expect(await operator.dispatch({ name: 'trunk.resume' })).toMatchObject({ ok: true });
    expect(await operator.dispatch({ name: 'trunk.nuke' })).toEqual({ ok: false, message: 'unknown command "trunk.nuke"', error: { kind: 'bad-request' } });
    expect(engine.events.read(0, 10_000).filter((e) => e.type === 'command' && e.actor === OPERATOR.name)).toHaveLength(3);
  });

  it('reads build logs', async () => {
    const build = (await operator.snapshot()).trunk.recent[0]!;
    const chunk = await operator.query('trunk.build-log', { buildId: build.buildId, offset: 0, limit: 64 });
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk).toMatchObject({ offset: Buffer.byteLength(chunk.text), complete: true });
  });

  it('a read-only console of an operator may read but the daemon refuses its every command', async () => {
    const ro = new WsClient(server.url, OPERATOR.token, { ...fast, readOnly: true });
    try {
      expect((await ro.snapshot()).identity).toMatchObject({ name: OPERATOR.name, role: 'operator' });
      expect(await ro.query('audit.list', {})).toEqual(expect.any(Array));
      expect(await ro.dispatch({ name: 'trunk.pause' })).toEqual({
        ok: false,
        message: `trunk.pause refused: ${OPERATOR.name}'s console is read-only`,
        error: { kind: 'forbidden' },
      });
      expect(engine.loops.isPaused('trunk')).toBe(false);
    } finally {
      ro.close();
    }
  });

  it('refuses a bad token, or any token when there is no operators.yml, with the reason', async () => {
    const stranger = new WsClient(server.url, 'guess', fast);
    await expect(stranger.snapshot()).rejects.toThrow(/refused the console: 401 token not accepted$/);
    // The refusal names no server path, and it is in the audit trail with where it came from.
    expect(stranger.refusal).not.toMatch(/operators\.yml|\/tmp\//);
    expect(
      engine.events
        .read(0, 100_000)
        .filter((e) => e.type === 'command' && e.payload.name === 'console.attach')
        .at(-1),
    ).toMatchObject({
      actor: expect.stringMatching(/^unknown@/),
      payload: { ok: false, result: 'token not accepted' },
    });
    const states: ConnectionState[] = [];
    stranger.subscribe(
      0,
      () => undefined,
      (c) => states.push(c),
    );
    expect(states).toEqual([{ state: 'closed', error: expect.stringMatching(/401 token not accepted/) }]);
    stranger.close();

    const nobody = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(join(fx.root, 'no-such-config')) });
    const c = new WsClient(nobody.url, OPERATOR.token, fast);
    await expect(c.dispatch({ name: 'trunk.run' })).rejects.toThrow(/403 this daemon has no operators\.yml, so no console may attach/);
    c.close();
    await nobody.close();
  });

  it('a console whose connection drops reconnects and resumes with no gap and no repeat', async () => {
    const from = engine.events.lastSeq();
    const r = recorder(operator, from);
    await until('connected', () => r.states.length > 0);
    let n = 0;
    const pump = setInterval(() => engine.events.append('demo.commit', { package: 'pkg-a', commitHash: `h${n++}`, kind: 'normal' }), 2);
    try {
      for (let drop = 1; drop <= 3; drop++) {
        await until('events flowing', () => r.events.length >= drop * 20);
        expect(server.consoles.drop(OPERATOR.name)).toBe(1);
        await until('reconnected', () => r.states.filter((s) => s.state === 'connected').length === drop + 1);
      }
      await until('more events after the last reconnect', () => r.events.length >= 80);
    } finally {
      clearInterval(pump);
    }
    const last = engine.events.lastSeq();
    await until('caught up', () => r.last() === last);
    expect(r.seqs()).toEqual(Array.from({ length: last - from }, (_, i) => from + 1 + i));
    expect(r.states.filter((s) => s.state === 'connecting')).toEqual([1, 2, 3].map(() => expect.objectContaining({ state: 'connecting', attempt: 1 })));
    r.stop();
  });

  it('malformed, unknown and oversized messages get errors or a close, and the daemon stays up', async () => {
    const s = await rawSocket(server.url, VIEWER.token);
    s.ws.send('{not json');
    s.ws.send(JSON.stringify({ type: 'shell', id: 5 }));
    s.ws.send(JSON.stringify({ type: 'dispatch', id: 6 }));
    s.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    s.ws.send(JSON.stringify({ type: 'snapshot', id: 7 }));
    await until('answers', () => s.messages.length >= 6);
    expect(s.messages.map((m) => [m.type, m.id])).toEqual([
      ['welcome', undefined],
      ['error', undefined],
      ['error', 5],
      ['error', 6],
      ['error', undefined],
      ['snapshot', 7],
    ]);
    expect(s.messages[1]!.message).toBe('malformed JSON');
    expect(s.messages[2]!.message).toMatch(/unknown message type "shell"/);
    s.ws.send(JSON.stringify({ type: 'snapshot', id: 'x'.repeat(70 * 1024) }));
    expect(await s.closed).toBe(1009);

    expect((await rawRequest(server.url, '/api/health')).status).toBe(200);
    expect((await viewer.snapshot()).identity.name).toBe(VIEWER.name);
  });

  it('drops a console that stops answering pings', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { Authorization: `Bearer ${VIEWER.token}` }, autoPong: false });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await new Promise((r) => ws.once('open', r));
    expect(await closed).toBe(1006);
  });

  it('serves /api/health, /metrics and repos/, and nothing outside repos/', async () => {
    const health = await rawRequest(server.url, '/api/health');
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { result: 'ok' }]);
    expect((await rawRequest(server.url, '/api/health', 'POST')).status).toBe(401);
    const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    expect((await rawRequest(server.url, '/api/health', 'POST', basic('ci', 'nope'))).status).toBe(401);
    expect((await rawRequest(server.url, '/api/health', 'POST', basic('ci', 'ci-pass'))).status).toBe(200);

    const metrics = await rawRequest(server.url, '/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('# HELP rdo_builds Builds by status\n# TYPE rdo_builds gauge\n');
    expect(metrics.body).toContain('rdo_builds{status="SUCCESS"} 2\n');
    expect(metrics.body).toContain('rdo_trunk_queue_length 0\n');
    expect(metrics.body).toContain('rdo_packages_failing 0\n');
    expect(metrics.body).toContain(`rdo_events_last_seq ${engine.events.lastSeq()}\n`);
    expect(metrics.body).toMatch(/^rdo_consoles_connected 2$/m);
    expect(metrics.body).toContain('dlrn_builds_succeeded_total{baseurl="http://127.0.0.1:1/repos"} 2\n');

    const repomd = join(engine.paths.reposDir, 'current', 'repodata', 'repomd.xml');
    const r = await rawRequest(server.url, '/repos/current/repodata/repomd.xml');
    expect(r.status).toBe(200);
    expect(r.body).toBe(readFileSync(repomd, 'utf8'));
    expect(Number(r.headers['content-length'])).toBe(statSync(repomd).size);
    expect((await rawRequest(server.url, '/repos/')).body).toContain('<a href="current/">current/</a>');
    for (const path of ['/repos/../trunk.db', '/repos/%2E%2E/trunk.db']) {
      const refused = await rawRequest(server.url, path);
      expect(refused.status, path).toBe(403);
      expect(JSON.parse(refused.body)).toEqual({ message: 'path leaves the repository root' });
    }
    expect((await rawRequest(server.url, '/repos/current/delorean.repo', 'PUT')).status).toBe(405);
    expect(JSON.parse((await rawRequest(server.url, '/nope')).body)).toEqual({ message: 'no such endpoint: /nope' });
    expect((await rawRequest(server.url, '/ws')).status).toBe(426);
  });
});
