import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { ConnectionState } from './engine-client.js';
import { WsClient } from './ws-client.js';

describe('WsClient against a misbehaving daemon', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  async function daemon(): Promise<{ url: string; wss: WebSocketServer; connections: () => number }> {
    const server: Server = createServer();
    const wss = new WebSocketServer({ server });
    let n = 0;
    wss.on('connection', () => n++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => {
      wss.close();
      server.closeAllConnections();
      server.close();
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, wss, connections: () => n };
  }

  it('takes a silent daemon for dead and reconnects', async () => {
    const d = await daemon();
    const client = new WsClient(d.url, 't', { silenceMs: 100, backoff: { initialMs: 10, maxMs: 50 } });
    cleanup.push(() => client.close());
    const states: ConnectionState[] = [];
    client.subscribe(
      0,
      () => undefined,
      (c) => states.push(c),
    );
    await expect.poll(() => d.connections(), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(states).toContainEqual({ state: 'connecting', attempt: 1, error: expect.any(String) });
  });

  it('a request times out; one sent before the connection dropped fails at once', async () => {
    const d = await daemon();
    const client = new WsClient(d.url, 't', { requestTimeoutMs: 300, backoff: { initialMs: 10, maxMs: 50 } });
    cleanup.push(() => client.close());
    await expect(client.snapshot()).rejects.toThrow(/no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.3s/);
    for (const ws of d.wss.clients) ws.on('message', () => ws.terminate());
    await expect(client.dispatch({ name: 'trunk.run' })).rejects.toThrow(/connection to .* lost before the answer/);
  });

  it('keeps trying while nothing listens, and says why', async () => {
    const d = await daemon();
    cleanup.shift()!();
    const client = new WsClient(d.url, 't', { requestTimeoutMs: 400, backoff: { initialMs: 10, maxMs: 50 } });
    cleanup.push(() => client.close());
    const states: ConnectionState[] = [];
    client.subscribe(
      0,
      () => undefined,
      (c) => states.push(c),
    );
    await expect(client.snapshot()).rejects.toThrow(/within 0\.4s \(.*ECONNREFUSED/);
    expect(states.length).toBeGreaterThan(2);
    expect(states.at(-1)).toMatchObject({ state: 'connecting', error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('refuses an action at once while the daemon is away, rather than sending it when it is back', async () => {
    const d = await daemon();
    const client = new WsClient(d.url, 't', { backoff: { initialMs: 10, maxMs: 50 } });
    cleanup.push(() => client.close());
    const states: ConnectionState[] = [];
    client.subscribe(
      0,
      () => undefined,
      (c) => states.push(c),
    );
    await expect.poll(() => d.connections(), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 50));
    cleanup.shift()!();
    for (const ws of d.wss.clients) ws.terminate();
    await expect.poll(() => states.at(-1)?.state, { timeout: 5000 }).toBe('connecting');
    expect(await client.dispatch({ name: 'trunk.pause' })).toEqual({ ok: false, message: 'not connected to the engine: trunk.pause not sent' });
  });
});
