import type { Db } from './db.js';
import type { EngineEvent, EventPayloads, EventType } from '../../engine/events.js';

type Listener = (event: EngineEvent) => void;

export type AuditRow = { seq: number; ts: number; actor: string } & EventPayloads['command'];

/** The `events` table: append-only, sequence-numbered; also the live feed for subscribers. */
export class EventLog {
  private readonly listeners = new Set<Listener>();
  private readonly insert;
  private readonly since;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO events (ts, type, actor, payload) VALUES (?, ?, ?, ?)');
    this.since = db.prepare('SELECT seq, ts, type, actor, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  /** Called with each event this process appends (not those read from other processes). */
  onAppend: ((event: EngineEvent) => void) | null = null;

  private suppressed: string | null = null;

  /**
   * A follower's event log is a copy of its primary's: while suppressed (with the reason), what this process
   * appends is only logged (onAppend, seq 0), never written.
   */
  suppress(reason: string | null): void {
    this.suppressed = reason;
  }

  append<K extends EventType>(type: K, payload: EventPayloads[K], actor = 'engine'): EngineEvent {
    const ts = Date.now();
    if (this.suppressed !== null) {
      const unrecorded = { seq: 0, ts, type, actor, payload } as EngineEvent;
      this.onAppend?.(unrecorded);
      return unrecorded;
    }
    const { lastInsertRowid } = this.insert.run(ts, type, actor, JSON.stringify(payload));
    const event = { seq: Number(lastInsertRowid), ts, type, actor, payload } as EngineEvent;
    this.onAppend?.(event);
    // Inside a transaction the event may still be rolled back (and its seq handed out again): it is delivered
    // from the table once the transaction is over, and only if it was committed.
    if (this.db.inTransaction) queueMicrotask(() => this.poll());
    else if (event.seq === this.emitted + 1) this.emit(event);
    else this.poll();
    return event;
  }

  /** Delivers, in order, committed events not delivered yet: other processes' (a CLI command, say) and ours. */
  poll(): void {
    if (this.listeners.size === 0 || this.db.inTransaction) return;
    for (let batch = this.read(this.emitted); batch.length > 0; batch = this.read(this.emitted)) {
      for (const event of batch) this.emit(event);
    }
  }

  private emitted = 0;

  private emit(event: EngineEvent): void {
    if (event.seq <= this.emitted) return;
    this.emitted = event.seq;
    for (const listener of this.listeners) listener(event);
  }

  /** Events after `seq`, oldest first, at most `limit`. */
  read(seq: number, limit = 1000): EngineEvent[] {
    return (this.since.all(seq, limit) as { seq: number; ts: number; type: EventType; actor: string; payload: string }[]).map(
      (r) => ({ ...r, payload: JSON.parse(r.payload) }) as EngineEvent,
    );
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM events').get() as { s: number }).s;
  }

  /** Loops an operator paused and did not resume: a pause outlives a restart. */
  pausedLoops(): string[] {
    const paused = new Set<string>();
    const rows = this.db.prepare("SELECT type, payload FROM events WHERE type IN ('loop.paused', 'loop.resumed') ORDER BY seq").all() as {
      type: string;
      payload: string;
    }[];
    for (const r of rows) {
      const { loop } = JSON.parse(r.payload) as { loop: string };
      if (r.type === 'loop.paused') paused.add(loop);
      else paused.delete(loop);
    }
    return [...paused];
  }

  /** Operator commands (the audit trail), newest first, before `beforeSeq` when given. */
  commands(limit: number, beforeSeq?: number): AuditRow[] {
    const rows = this.db
      .prepare(
        `SELECT seq, ts, actor, payload FROM events WHERE type = 'command' ${beforeSeq === undefined ? '' : 'AND seq < @before'} ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ limit, ...(beforeSeq === undefined ? {} : { before: beforeSeq }) }) as { seq: number; ts: number; actor: string; payload: string }[];
    return rows.map((r) => ({ seq: r.seq, ts: r.ts, actor: r.actor, ...(JSON.parse(r.payload) as EventPayloads['command']) }));
  }

  /** The newest event of a type (uses the (type, seq) index). */
  lastOf<K extends EventType>(type: K): Extract<EngineEvent, { type: K }> | undefined {
    const r = this.db.prepare('SELECT seq, ts, type, actor, payload FROM events WHERE type = ? ORDER BY seq DESC LIMIT 1').get(type) as
      { seq: number; ts: number; type: K; actor: string; payload: string } | undefined;
    return r ? ({ ...r, payload: JSON.parse(r.payload) } as Extract<EngineEvent, { type: K }>) : undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  subscribe(listener: Listener): () => void {
    if (this.listeners.size === 0) this.emitted = Math.max(this.emitted, this.lastSeq());
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
