import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { hashPassword, hashToken, loadOperators } from '../config/operators.js';
import { forgetRecentSuccesses, MAX_QUEUED_CHECKS } from '../config/password-checks.js';
import { Engine } from '../engine.js';
import { startServer, type RunningServer } from './server.js';

/** Sends `text` on a fresh TCP connection from `localAddress` and collects what comes back until the server closes. */
function exchange(port: number, text: string, localAddress = '127.0.0.1', waitMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    setTimeout(() => socket.destroy(), waitMs).unref();
  });
}

/** An idle connection: connected, sending nothing. Resolves once the server has accepted it (or answered it). */
function idle(port: number, localAddress: string) {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const chunks: Buffer[] = [];
  socket.on('data', (c) => chunks.push(c));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  return { socket, closed, said: () => Buffer.concat(chunks).toString('utf8'), ready: new Promise<void>((r) => socket.once('connect', () => r())) };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function post(port: number, auth: string, localAddress: string): Promise<number> {
  const reply = await exchange(
    port,
    `POST /api/health HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    localAddress,
    30_000,
  );
  return Number(/^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 0);
}

describe('the daemon under hostile clients', () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  let port: number;
  const logged: string[] = [];

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(
      join(fx.configDir, 'operators.yml'),
      `operators:\n  - {name: olga, role: operator, token-sha256: ${hashToken('olga-token-0123456789')}}\n` +
        `  - {name: victor, role: viewer, token-sha256: ${hashToken('victor-token-0123456789')}}\n` +
        `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    server = await startServer(engine, {
      host: '127.0.0.1',
      port: 0,
      operators: loadOperators(fx.configDir),
      log: (l) => logged.push(l),
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.close();
    engine?.close();
  });

  it('answers a well-formed request, then 400 (not 500) for request targets URL cannot parse', async () => {
    expect(await exchange(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    for (const target of ['http://[zz/', 'http://x:99999/api/health', '//[::1/x']) {
      const reply = await exchange(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(reply, target).toMatch(/^HTTP\/1\.1 400 /);
      expect(reply, target).toContain('{"message":"malformed request target"}');
    }
  });

  it('a refused /ws upgrade says only that the token was not accepted; the engine log has the detail', async () => {
    const upgrade = (token: string) =>
      exchange(
        port,
        `GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        '127.0.0.1',
        1000,
      );
    expect(await upgrade('olga-token-0123456789')).toMatch(/^HTTP\/1\.1 101 /);
    const refused = await upgrade('wrong-token-0123456789');
    expect(refused).toMatch(/^HTTP\/1\.1 401 /);
    expect(refused.slice(refused.indexOf('\r\n\r\n') + 4)).toBe('{"message":"token not accepted"}');
    expect(refused).not.toContain(fx.configDir);
    expect(logged.some((l) => l.includes('token matches no operator') && l.includes(join(fx.configDir, 'operators.yml')))).toBe(true);
  });

  it('wrong-password floods from one address cannot lock out a client at another', async () => {
    forgetRecentSuccesses();
    // The flood keeps its own queue full and is refused with 429 ...
    const flood = Array.from({ length: 4 * MAX_QUEUED_CHECKS }, () => post(port, basic('ci', 'wrong'), '127.0.0.2'));
    await new Promise((r) => setTimeout(r, 50));
    // ... while the CI client, from elsewhere, gets every check through (the first one queued fairly, then remembered).
    const ci: number[] = [];
    for (let i = 0; i < 5; i++) ci.push(await post(port, basic('ci', 'ci-pass'), '127.0.0.3'));
    const flooded = await Promise.all(flood);
    expect(flooded.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(flooded.filter((s) => s !== 429).every((s) => s === 401)).toBe(true);
    expect(ci).toEqual([200, 200, 200, 200, 200]);
    // A remembered success is for those exact credentials only.
    expect(await post(port, basic('ci', 'ci-pass '), '127.0.0.3')).toBe(401);
  });

  it('a viewer sending padded refused commands cannot grow the audit trail or the snapshot without bound', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { Authorization: 'Bearer victor-token-0123456789' } });
    const results = new Map<number, { ok: boolean; message: string; error?: { kind: string } }>();
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; id?: number; result?: { ok: boolean; message: string; error?: { kind: string } } };
      if (m.type === 'result') results.set(m.id!, m.result!);
    });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const before = engine.events.read(0, 1_000_000).filter((e) => e.actor === 'victor').length;
    const pad = 'x'.repeat(60_000);
    const sent = 300;
    for (let id = 1; id <= sent; id++)
      ws.send(JSON.stringify({ type: 'dispatch', id, command: { name: 'trunk.pause', args: { pad, more: { y: 'y'.repeat(300) } } } }));
    const end = Date.now() + 30_000;
    while (results.size < sent && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    expect(results.size).toBe(sent);
    // The first ones are refused as a viewer's and audited; then the console is told to wait, and nothing is stored.
    expect(results.get(1)).toEqual({ ok: false, message: 'trunk.pause: unknown argument "pad"', error: { kind: 'bad-request' } });
    expect(results.get(sent)).toMatchObject({
      ok: false,
      error: { kind: 'unavailable' },
      message: expect.stringMatching(/^too many refused commands from this console; wait \d+ s$/),
    });
    const audited = engine.events.read(0, 1_000_000).filter((e) => e.actor === 'victor');
    expect(audited.length - before).toBeGreaterThan(0);
    expect(audited.length - before).toBeLessThanOrEqual(25);
    const entry = audited.at(-1)!.payload as { args: Record<string, unknown> };
    expect(entry.args).toEqual({
      pad: `${'x'.repeat(128)}… (60000 characters)`,
      more: '(308 bytes)',
      argsBytes: JSON.stringify({ pad, more: { y: 'y'.repeat(300) } }).length,
    });
    for (const e of audited) expect(JSON.stringify(e.payload).length).toBeLessThan(2048);
    const page = (await engine.query('audit.list', {}, { name: 'olga', role: 'operator' })) as unknown[];
    expect(JSON.stringify(page).length).toBeLessThan(200 * 4096);
  });

  it('caps connections per address and in total with a clear 503; a freed slot is usable again', async () => {
    const capped = await startServer(engine, {
      host: '127.0.0.1',
      port: 0,
      operators: loadOperators(fx.configDir),
      connectionCaps: { perAddress: 3, total: 5 },
    });
    const port = Number(new URL(capped.url).port);
    const mine = [idle(port, '127.0.0.4'), idle(port, '127.0.0.4'), idle(port, '127.0.0.4')];
    await Promise.all(mine.map((c) => c.ready));
    await new Promise((r) => setTimeout(r, 100));
    expect(mine.map((c) => c.said())).toEqual(['', '', '']);
    const fourth = await exchange(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n', '127.0.0.4');
    expect(fourth).toMatch(/^HTTP\/1\.1 503 /);
    expect(fourth).toContain('too many connections from 127.0.0.4 (at most 3)');

    const others = [idle(port, '127.0.0.5'), idle(port, '127.0.0.5')];
    await Promise.all(others.map((c) => c.ready));
    await new Promise((r) => setTimeout(r, 100));
    const past = await exchange(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n', '127.0.0.6');
    expect(past).toMatch(/^HTTP\/1\.1 503 /);
    expect(past).toContain('too many connections (at most 5)');

    mine[0]!.socket.destroy();
    await mine[0]!.closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(await exchange(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', '127.0.0.4')).toMatch(/^HTTP\/1\.1 200 /);
    for (const c of [...mine, ...others]) c.socket.destroy();
    await capped.close();
  });
});
