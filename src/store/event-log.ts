import type { Db } from './db.js';
import type { EngineEvent, EventPayloads, EventType } from '../engine/events.js';

type Listener = (event: EngineEvent) => void;

/** The `events` table: append-only, sequence-numbered; also the live feed for subscribers. */
export class EventLog {
  private readonly listeners = new Set<Listener>();
  private readonly insert;
  private readonly since;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO events (ts, type, actor, payload) VALUES (?, ?, ?, ?)');
    this.since = db.prepare('SELECT seq, ts, type, actor, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  append<K extends EventType>(type: K, payload: EventPayloads[K], actor = 'engine'): EngineEvent {
    const ts = Date.now();
    const { lastInsertRowid } = this.insert.run(ts, type, actor, JSON.stringify(payload));
    const event = { seq: Number(lastInsertRowid), ts, type, actor, payload } as EngineEvent;
    this.emit(event);
    return event;
  }

  /** Delivers events other processes (a CLI command, say) appended since the last one delivered here. */
  poll(): void {
    if (this.listeners.size === 0) return;
    for (const event of this.read(this.emitted)) this.emit(event);
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

  subscribe(listener: Listener): () => void {
    if (this.listeners.size === 0) this.emitted = Math.max(this.emitted, this.lastSeq());
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
