import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Actor } from '../area.js';
import { identify, type Operators } from '../config/operators.js';
import type { Engine } from '../engine.js';
import { refuseUpgrade } from './http-response.js';
import { bearerToken } from './tokens.js';
import { MAX_PAYLOAD } from '../client/ws-protocol.js';
import { ConsoleSession } from './ws-session.js';

export interface ConsoleHubOptions {
  /** Ping every this often; a console that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  log: (line: string) => void;
}

/** The `/ws` endpoint: authenticates consoles on upgrade, keeps their sessions, drops dead peers. */
export class ConsoleHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, clientTracking: false });
  private readonly sessions = new Set<ConsoleSession>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly operators: Operators,
    private readonly options: ConsoleHubOptions,
  ) {
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs).unref();
  }

  get connected(): number {
    return this.sessions.size;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const from = req.socket.remoteAddress ?? '?';
    const auth = this.authenticate(req);
    if (!auth.ok) {
      this.options.log(`refused console from ${from}: ${auth.detail}`);
      // The audit trail shows refused consoles too (who tried, from where, why), as it shows refused commands.
      this.engine.events.append('command', { name: 'console.attach', args: { from }, ok: false, result: auth.message, kind: 'forbidden' }, `unknown@${from}`);
      return refuseUpgrade(socket, auth.status, auth.message, auth.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
    }
    // A console started with --read-only says so: its session runs no command, whatever its role.
    const readOnly = req.headers['x-rdo-read-only'] === '1';
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, readOnly ? { ...auth.actor, readOnly } : auth.actor, from));
  }

  /** Drops the sessions of one operator (or all); they may reconnect. Returns how many were dropped. */
  drop(name?: string): number {
    let n = 0;
    for (const s of this.sessions) {
      if (name === undefined || s.actor.name === name) {
        s.socket.terminate();
        n++;
      }
    }
    return n;
  }

  /** Tells every console the daemon is going away, then cuts whoever has not left after `graceMs`. */
  async close(graceMs = 500): Promise<void> {
    clearInterval(this.heartbeat);
    const gone = [...this.sessions].map((s) => new Promise<void>((resolve) => s.socket.once('close', () => resolve())));
    for (const s of this.sessions) s.socket.close(1001, 'daemon stopping');
    const timer = setTimeout(() => this.drop(), graceMs);
    await Promise.all(gone);
    clearTimeout(timer);
    this.wss.close();
  }

  /** `message` is what the console is told; `detail`, for the daemon's log, may name server paths. */
  private authenticate(req: IncomingMessage): { ok: true; actor: Actor } | { ok: false; status: 401 | 403; message: string; detail: string } {
    if (!this.operators.present) {
      const message = 'this daemon has no operators.yml, so no console may attach; create it (see rdo-console token)';
      return { ok: false, status: 403, message, detail: `${message} (${this.operators.file})` };
    }
    const token = bearerToken(req.headers.authorization);
    if (token === null) return { ok: false, status: 401, message: 'missing token: send "Authorization: Bearer <token>"', detail: 'no bearer token' };
    const actor = identify(this.operators, token);
    return actor
      ? { ok: true, actor }
      : { ok: false, status: 401, message: 'token not accepted', detail: `the token matches no operator in ${this.operators.file}` };
  }

  private attach(ws: WebSocket, actor: Actor, from: string): void {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', () => this.alive.add(ws));
    ws.on('error', (err) => this.options.log(`console ${actor.name}: ${err.message}`));
    const session = new ConsoleSession(this.engine, ws, actor);
    this.sessions.add(session);
    this.options.log(`console attached: ${actor.name} (${actor.role}) from ${from}`);
    ws.on('close', (code) => {
      this.sessions.delete(session);
      this.options.log(`console detached: ${actor.name} (${code})`);
    });
  }

  private beat(): void {
    for (const { socket } of this.sessions) {
      if (!this.alive.has(socket)) {
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      socket.ping();
    }
  }
}
