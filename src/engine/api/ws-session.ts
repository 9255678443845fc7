import WebSocket, { type RawData } from 'ws';
import type { Actor } from '../area.js';
import { subscribeEvents } from '../client/local-client.js';
import { takeSnapshot } from '../client/snapshot.js';
import { parseClientMessage, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../client/ws-protocol.js';
import type { Engine } from '../engine.js';
import { asEngineError } from '../errors.js';
import { RefusalBudget } from './refusal-budget.js';

/** A console that outgrows this much unsent data is dropped; it reconnects and resumes from its last seq. */
export const MAX_BUFFERED = 16 * 1024 * 1024;

/** One attached console: answers its requests and feeds it events, as the operator its token names. */
export class ConsoleSession {
  private unsubscribe: (() => void) | null = null;
  /** Refused dispatches are audited; this bounds how fast one console can add them. */
  private readonly refusals = new RefusalBudget();

  constructor(
    private readonly engine: Engine,
    readonly socket: WebSocket,
    readonly actor: Actor,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.stopFeed());
    this.send({ type: 'welcome', protocol: PROTOCOL_VERSION, identity: actor, lastSeq: engine.events.lastSeq() });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.send({ type: 'error', message: 'binary messages are not part of the protocol; send JSON text' });
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) return this.send({ type: 'error', id: parsed.id, message: parsed.problem });
    void this.handle(parsed.message).catch((err: unknown) => {
      const id = 'id' in parsed.message ? parsed.message.id : undefined;
      const e = asEngineError(err);
      this.send({ type: 'error', id, message: e.message, kind: e.kind });
    });
  }

  private async handle(m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'snapshot':
        return this.send({ type: 'snapshot', id: m.id, snapshot: takeSnapshot(this.engine, this.actor) });
      case 'subscribe':
        this.stopFeed();
        this.unsubscribe = subscribeEvents(this.engine, m.fromSeq, (events) => this.send({ type: 'events', events }));
        return;
      case 'unsubscribe':
        return this.stopFeed();
      case 'dispatch': {
        if (!this.refusals.allows()) {
          const message = `too many refused commands from this console; wait ${this.refusals.waitSeconds()} s`;
          return this.send({ type: 'result', id: m.id, result: { ok: false, message, error: { kind: 'unavailable' } } });
        }
        const result = await this.engine.dispatch(m.command, this.actor);
        if (!result.ok) this.refusals.spend();
        return this.send({ type: 'result', id: m.id, result });
      }
      case 'query':
        return this.send({ type: 'query', id: m.id, result: await this.engine.query(m.name, m.args ?? {}, this.actor) });
    }
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED) {
      this.stopFeed();
      this.socket.terminate();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  private stopFeed(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
