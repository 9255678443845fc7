import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Actor, Command, CommandResult } from '../area.js';
import { EngineError } from '../errors.js';
import type { EngineEvent } from '../events.js';
import type { QueryArgs, QueryName, QueryResult } from './contract.js';
import type { ConnectionState, EngineClient, EngineSnapshot } from './engine-client.js';
import { parseServerMessage, type ClientMessage, type ServerMessage } from './ws-protocol.js';

export interface WsClientOptions {
  /** How long a request may wait for its answer, connecting included. */
  requestTimeoutMs?: number;
  /** Reconnect delays: doubling from `initialMs`, capped at `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** With no message or ping from the daemon for this long, the connection is taken for dead. */
  silenceMs?: number;
  /** A read-only console: the daemon refuses every command of this session. */
  readOnly?: boolean;
}

type Answer = Exclude<ServerMessage, { type: 'welcome' | 'events' | 'error' }>;
type Request = { type: 'snapshot' } | { type: 'dispatch'; command: Command } | { type: 'query'; name: string; args: Record<string, unknown> };

interface Pending {
  message: ClientMessage;
  sent: boolean;
  settle: (answer: Answer | Error) => void;
}

interface Subscriber {
  last: number;
  onEvents: (events: EngineEvent[]) => void;
  onConnection?: (c: ConnectionState) => void;
}

/** The console's view of an engine in a daemon, over `/ws`; reconnects by itself and resumes the feed. */
export class WsClient implements EngineClient {
  private readonly wsUrl: string;
  private readonly timeoutMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly silenceMs: number;
  private socket: WebSocket | null = null;
  private open = false;
  /** Set once the first connection is up: from then on, an action is refused while the daemon is away. */
  private wasOpen = false;
  private closed = false;
  /** Set when the daemon refused the token: retrying would not help. */
  private refused: string | null = null;
  private attempt = 0;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscribers = new Set<Subscriber>();
  /** Who the daemon says we are, once connected. */
  identity: Actor | null = null;

  constructor(
    readonly where: string,
    private readonly token: string,
    options: WsClientOptions = {},
  ) {
    this.wsUrl = consoleUrl(where);
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 4_000 };
    this.silenceMs = options.silenceMs ?? 75_000;
    this.readOnly = options.readOnly ?? false;
  }

  private readonly readOnly: boolean;

  /** Why the daemon refused this console (a bad token): retrying will not help. Null while it has not. */
  get refusal(): string | null {
    return this.refused;
  }

  async snapshot(): Promise<EngineSnapshot> {
    return ((await this.request({ type: 'snapshot' })) as Extract<Answer, { type: 'snapshot' }>).snapshot;
  }

  async dispatch(command: Command): Promise<CommandResult> {
    // An action is meant for now: it is refused rather than sent later, once the daemon is back.
    if (!this.open && this.wasOpen && !this.refused) return { ok: false, message: `not connected to the engine: ${command.name} not sent` };
    return ((await this.request({ type: 'dispatch', command })) as Extract<Answer, { type: 'result' }>).result;
  }

  async query<N extends QueryName>(name: N, args: QueryArgs<N>): Promise<QueryResult<N>> {
    const answer = (await this.request({ type: 'query', name, args: (args ?? {}) as Record<string, unknown> })) as Extract<Answer, { type: 'query' }>;
    return answer.result as QueryResult<N>;
  }

  subscribe(fromSeq: number, onEvents: (events: EngineEvent[]) => void, onConnection?: (c: ConnectionState) => void): () => void {
    const subscriber: Subscriber = { last: fromSeq, onEvents, onConnection };
    this.subscribers.add(subscriber);
    if (this.refused) onConnection?.({ state: 'closed', error: this.refused });
    else if (this.open) {
      this.sendSubscribe();
      onConnection?.({ state: 'connected' });
    } else this.start();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.open) this.send({ type: 'unsubscribe' });
    };
  }

  close(): void {
    this.closed = true;
    this.clearTimers();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.settle(new Error(`client for ${this.where} closed`));
    }
    this.socket?.terminate();
    this.socket = null;
  }

  private request(r: Request): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error(`client for ${this.where} closed`));
    if (this.refused) return Promise.reject(new Error(this.refused));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer from ${this.where} within ${this.timeoutMs / 1000}s${this.lastError && !this.open ? ` (${this.lastError})` : ''}`));
      }, this.timeoutMs);
      const pending: Pending = {
        message: { ...r, id },
        sent: false,
        settle: (answer) => {
          clearTimeout(timer);
          if (answer instanceof Error) reject(answer);
          else resolve(answer);
        },
      };
      this.pending.set(id, pending);
      if (this.open) this.sendPending(pending);
      else this.start();
    });
  }

  private start(): void {
    if (this.socket || this.retryTimer || this.closed || this.refused) return;
    const socket = new WebSocket(this.wsUrl, {
      headers: { Authorization: `Bearer ${this.token}`, ...(this.readOnly ? { 'X-RDO-Read-Only': '1' } : {}) },
      handshakeTimeout: this.timeoutMs,
      maxPayload: 64 * 1024 * 1024,
    });
    this.socket = socket;
    socket.on('unexpected-response', (_req, res) => this.readRefusal(socket, res));
    socket.on('open', () => this.opened());
    socket.on('message', (data) => this.received(data.toString()));
    socket.on('ping', () => this.heardFrom());
    socket.on('error', (err) => (this.lastError = err.message));
    socket.on('close', (code, reason) => this.lost(socket, code, reason.toString()));
  }

  private opened(): void {
    this.open = true;
    this.wasOpen = true;
    this.attempt = 0;
    this.lastError = undefined;
    this.heardFrom();
    if (this.subscribers.size > 0) this.sendSubscribe();
    for (const p of this.pending.values()) if (!p.sent) this.sendPending(p);
    for (const s of this.subscribers) s.onConnection?.({ state: 'connected' });
  }

  private received(text: string): void {
    this.heardFrom();
    const m = parseServerMessage(text);
    if (!m) {
      this.lastError = `unreadable message from ${this.where}`;
      return;
    }
    switch (m.type) {
      case 'welcome':
        this.identity = m.identity;
        return;
      case 'events':
        return this.deliver(m.events);
      case 'error':
        if (m.id === undefined) this.lastError = m.message;
        return this.settle(m.id, new EngineError(m.kind ?? 'internal', m.message));
      default:
        return this.settle(m.id, m);
    }
  }

  private deliver(events: EngineEvent[]): void {
    for (const s of this.subscribers) {
      const fresh = events.filter((e) => e.seq > s.last);
      if (fresh.length === 0) continue;
      s.last = fresh[fresh.length - 1]!.seq;
      s.onEvents(fresh);
    }
  }

  private settle(id: number | string | undefined, answer: Answer | Error): void {
    const p = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!p) return;
    this.pending.delete(id as number);
    p.settle(answer);
  }

  private lost(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.open = false;
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    // 1006: no close frame; the socket error seen before it says more.
    if (code !== 1006 || !this.lastError) this.lastError = `${reason || 'connection closed'} (${code})`;
    // A request already sent may or may not have run; only the caller can decide to send it again.
    for (const [id, p] of this.pending) {
      if (!p.sent && !this.refused) continue;
      this.pending.delete(id);
      p.settle(new Error(this.refused ?? `connection to ${this.where} lost before the answer (${this.lastError})`));
    }
    if (this.closed) return;
    if (this.refused) {
      for (const s of this.subscribers) s.onConnection?.({ state: 'closed', error: this.refused });
      return;
    }
    this.attempt++;
    for (const s of this.subscribers) s.onConnection?.({ state: 'connecting', attempt: this.attempt, error: this.lastError });
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.attempt - 1));
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        this.start();
      },
      delay * (0.75 + Math.random() * 0.5),
    );
  }

  private readRefusal(socket: WebSocket, res: IncomingMessage): void {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.length < 16 && chunks.push(c));
    res.on('close', () => {
      const reason = messageOf(Buffer.concat(chunks).toString('utf8')) ?? res.statusMessage ?? '';
      const text = `${this.where} refused the console: ${res.statusCode} ${reason}`.trim();
      if (res.statusCode === 401 || res.statusCode === 403) this.refused = text;
      else this.lastError = text;
      socket.terminate();
    });
  }

  private heardFrom(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.socket?.terminate(), this.silenceMs);
    this.silenceTimer.unref();
  }

  private sendSubscribe(): void {
    const fromSeq = Math.min(...[...this.subscribers].map((s) => s.last));
    this.send({ type: 'subscribe', fromSeq });
  }

  private sendPending(p: Pending): void {
    p.sent = true;
    this.send(p.message);
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.retryTimer = this.silenceTimer = null;
  }
}

/** The `/ws` URL for what an operator typed: `http(s)://host:port`, `ws(s)://...`, with or without `/ws`. */
export function consoleUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--attach ${JSON.stringify(url)}: not a URL (e.g. http://127.0.0.1:8080)`);
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[u.protocol];
  if (!scheme) throw new Error(`--attach ${JSON.stringify(url)}: use http://, https://, ws:// or wss://`);
  u.protocol = scheme;
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u.toString();
}

function messageOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : null;
  } catch {
    return body.trim().slice(0, 200) || null;
  }
}
