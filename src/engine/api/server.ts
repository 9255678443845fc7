import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkUser, TooManyAuthAttempts, type Operators } from '../config/operators.js';
import type { Engine } from '../engine.js';
import { cappedFront, DEFAULT_CONNECTION_CAPS, type ConnectionCaps } from './connection-caps.js';
import { serveJobLogs, serveRepos } from './http-repos.js';
import { refuseUpgrade, send, sendError, sendJson } from './http-response.js';
import { httpUrl } from './server-address.js';
import { basicCredentials } from './tokens.js';
import { ConsoleHub } from './ws-server.js';

/** Another route (e.g. the DLRN API): answers and returns true, or returns false to pass. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface ServerOptions {
  host: string;
  port: number;
  operators: Operators;
  log?: (line: string) => void;
  heartbeatMs?: number;
  handlers?: HttpHandler[];
  /** Open connections kept per client address and in total (DEFAULT_CONNECTION_CAPS). */
  connectionCaps?: ConnectionCaps;
}

export interface RunningServer {
  url: string;
  /** Attached consoles: how many, and a way to drop them. */
  consoles: Pick<ConsoleHub, 'connected' | 'drop'>;
  close(): Promise<void>;
}

/** The daemon's one HTTP server: health, metrics, `repos/` read-only, and consoles on `/ws`. */
export async function startServer(engine: Engine, options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  const hub = new ConsoleHub(engine, options.operators, { heartbeatMs: options.heartbeatMs ?? 30_000, log });
  const hubs = consoleHubsOf(engine);
  hubs.add(hub);
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url);
    if (!url) return sendError(res, 400, 'malformed request target');
    const rawPath = (req.url ?? '/').split('?', 1)[0]!;
    const readOnly = req.method === 'GET' || req.method === 'HEAD';
    if (rawPath === '/api/health') return health(req, res, options.operators);
    if (rawPath === '/metrics') {
      if (!readOnly) return sendError(res, 405, 'use GET', { Allow: 'GET, HEAD' });
      const metrics = await engine.metrics.render();
      return send(res, 200, metrics.contentType, metrics.text);
    }
    if (rawPath === '/repos') return send(res, 301, 'text/plain; charset=utf-8', 'see /repos/\n', { Location: '/repos/' });
    if (rawPath.startsWith('/repos/')) return serveRepos(engine.paths.reposDir, rawPath.slice('/repos/'.length), req, res);
    if (rawPath === '/logs') return send(res, 301, 'text/plain; charset=utf-8', 'see /logs/\n', { Location: '/logs/' });
    if (rawPath.startsWith('/logs/')) return serveJobLogs(join(engine.paths.logsDir, 'jobs'), rawPath.slice('/logs/'.length), req, res);
    if (rawPath === '/ws') return sendError(res, 426, 'consoles connect here with a WebSocket upgrade', { Upgrade: 'websocket' });
    for (const handler of options.handlers ?? []) if (await handler(req, res, url)) return;
    sendError(res, 404, `no such endpoint: ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log(`${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (res.headersSent) res.destroy();
      else sendError(res, 500, 'internal error');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if ((req.url ?? '').split('?', 1)[0] === '/ws') return hub.upgrade(req, socket, head);
    refuseUpgrade(socket, 404, 'WebSocket upgrades are served on /ws only');
  });

  // Idle connections that never finish their headers go away, and no client holds more than its share.
  server.headersTimeout = 20_000;
  const front = cappedFront(server, options.connectionCaps ?? DEFAULT_CONNECTION_CAPS, log);
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port, options.host, () => {
      front.off('error', reject);
      resolve();
    });
  });
  // The HTTP server gets its connections from the front; 'listening' starts its header and request timeout checks.
  server.emit('listening');
  const { port } = front.address() as AddressInfo;
  return {
    url: httpUrl(options.host, port),
    consoles: hub,
    async close() {
      hubs.delete(hub);
      await hub.close();
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        server.close(() => undefined);
        server.closeAllConnections();
      });
    },
  };
}

/** The request target as a URL, or null when it does not parse (`http://[zz/`, a port past 65535). */
function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://daemon');
  } catch {
    return null;
  }
}

const HUBS = new WeakMap<Engine, Set<ConsoleHub>>();

/** The console hubs serving an engine (a test may start several servers on one), counted by one metric. */
function consoleHubsOf(engine: Engine): Set<ConsoleHub> {
  let hubs = HUBS.get(engine);
  if (!hubs) {
    const set = new Set<ConsoleHub>();
    hubs = set;
    HUBS.set(engine, set);
    engine.metrics.add({
      name: 'rdo_consoles_connected',
      help: 'Consoles attached over WebSocket',
      type: 'gauge',
      collect: () => [{ value: [...set].reduce((n, h) => n + h.connected, 0) }],
    });
  }
  return hubs;
}

async function health(req: IncomingMessage, res: ServerResponse, operators: Operators): Promise<void> {
  if (req.method === 'GET' || req.method === 'HEAD') return sendJson(res, 200, { result: 'ok' });
  if (req.method !== 'POST') return sendError(res, 405, `${req.method} not allowed`, { Allow: 'GET, HEAD, POST' });
  const credentials = basicCredentials(req.headers.authorization);
  let ok = false;
  try {
    ok = credentials !== null && (await checkUser(operators, credentials.user, credentials.password, req.socket.remoteAddress ?? '?'));
  } catch (err) {
    if (err instanceof TooManyAuthAttempts) return sendError(res, 429, err.message, { 'Retry-After': '1' });
    throw err;
  }
  if (!ok) {
    return sendError(res, 401, 'HTTP Basic credentials of a configured user required', { 'WWW-Authenticate': 'Basic realm="rdo-console"' });
  }
  sendJson(res, 200, { result: 'ok' });
}
