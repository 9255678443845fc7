import type { EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import { MaintenanceStore, type MaintenanceWindowRow } from '../../store/db/maintenance-store.js';
import { loadMaintenanceConfig, type MaintenanceFile } from './config.js';
import { instantToWall, occurrences } from './recurrence.js';

/** How far ahead the recurring series are made into windows. */
const HORIZON_MS = 62 * 86_400_000;
export const SHORT_NOTICE_MS = 24 * 3_600_000;
const MAINTENANCE_LOOP = 'maintenance';
const DEMO_TITLE = 'demo maintenance';

export type WindowState = 'upcoming' | 'active' | 'past';

export interface MaintenanceWindowView extends MaintenanceWindowRow {
  state: WindowState;
  shortNotice: boolean;
}

export interface MaintenanceListView {
  now: number;
  timezone: string;
  windows: MaintenanceWindowView[];
}

export const suspendReason = (id: string) => `maintenance ${id}`;

export function stateAt(w: MaintenanceWindowRow, now: number): WindowState {
  return now < w.startsAt ? 'upcoming' : now < w.endsAt ? 'active' : 'past';
}

export class MaintenanceRuntime {
  readonly store: MaintenanceStore;
  readonly config: MaintenanceFile;
  /** The clock (tests set it). */
  now: () => number = () => Date.now();
  private active = new Set<string>();
  private demoScheduled = false;

  constructor(private readonly engine: EngineCore) {
    this.store = new MaintenanceStore(engine.db);
    this.config = loadMaintenanceConfig(engine.config.configDir, engine.loops.names());
  }

  view(w: MaintenanceWindowRow, now = this.now()): MaintenanceWindowView {
    return { ...w, state: stateAt(w, now), shortNotice: w.shortNoticeReason !== null };
  }

  list(): MaintenanceListView {
    const now = this.now();
    return { now, timezone: this.config.timezone, windows: this.store.all().map((w) => this.view(w, now)) };
  }

  activeWindows(now = this.now()): MaintenanceWindowRow[] {
    return this.store.all().filter((w) => stateAt(w, now) === 'active');
  }

  add(input: { title: string; startsAt: number; endsAt: number; services: string[]; loops: string[]; reason?: string }, actor: string): MaintenanceWindowView {
    const now = this.now();
    if (!(input.endsAt > input.startsAt)) throw new EngineError('bad-request', 'end: the window ends before it starts');
    if (input.endsAt <= now) throw new EngineError('bad-request', 'end: the window would end in the past');
    this.checkLoops(input.loops);
    const shortNotice = input.startsAt - now < SHORT_NOTICE_MS;
    if (shortNotice && !input.reason?.trim())
      throw new EngineError('bad-request', 'reason: the window starts in less than 24 h; give a short-notice reason (--reason)');
    const row = {
      id: this.store.nextId(),
      title: input.title,
      series: null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      services: input.services,
      loops: input.loops,
      shortNoticeReason: shortNotice ? input.reason!.trim() : null,
      createdAt: now,
      createdBy: actor,
    };
    this.store.insert(row);
    this.engine.events.append('maintenance.scheduled', { id: row.id, title: row.title, startsAt: row.startsAt, endsAt: row.endsAt, shortNotice }, actor);
    this.reconcile();
    return this.view({ ...row, endedEarlyAt: null });
  }

  end(id: string, actor: string): MaintenanceWindowView {
    const w = this.running(id);
    this.store.endEarly(id, this.now());
    this.reconcile(actor);
    return this.view(this.store.get(w.id)!);
  }

  extend(id: string, minutes: number, actor: string): MaintenanceWindowView {
    const w = this.store.get(id);
    if (!w) throw new EngineError('not-found', `no maintenance window ${JSON.stringify(id)}`);
    if (stateAt(w, this.now()) === 'past') throw new EngineError('conflict', `maintenance window ${id} is over`);
    const endsAt = w.endsAt + minutes * 60_000;
    this.store.extend(id, endsAt);
    this.engine.events.append('maintenance.extended', { id, endsAt }, actor);
    this.reconcile(actor);
    return this.view(this.store.get(id)!);
  }

  /**
   * Makes the series' next occurrences into windows, then holds the loops of active windows and lifts those of
   * the others: run by the maintenance loop (so also after a restart) and after each change.
   */
  reconcile(actor = 'engine'): void {
    const now = this.now();
    for (const s of this.config.series) {
      const schedule = { rrule: s.rrule, start: s.start, durationMinutes: s.duration_minutes, timezone: this.config.timezone };
      for (const o of occurrences(schedule, now - s.duration_minutes * 60_000, now + HORIZON_MS)) {
        const day = instantToWall(o.startsAt, this.config.timezone).toISOString().slice(0, 10);
        const row = {
          id: `${s.id}-${day}`,
          title: s.title,
          series: s.id,
          ...o,
          services: s.services,
          loops: s.loops,
          shortNoticeReason: null,
          createdAt: now,
          createdBy: 'config',
        };
        if (this.store.insert(row))
          this.engine.events.append('maintenance.scheduled', { id: row.id, title: row.title, startsAt: o.startsAt, endsAt: o.endsAt, shortNotice: false });
      }
    }
    const names = this.engine.loops.names();
    const activeNow = new Set<string>();
    for (const w of this.store.all()) {
      const on = stateAt(w, now) === 'active';
      for (const loop of w.loops.filter((l) => names.includes(l))) {
        if (on) this.engine.loops.suspend(loop, suspendReason(w.id));
        else this.engine.loops.lift(loop, suspendReason(w.id));
      }
      if (on) {
        activeNow.add(w.id);
        if (!this.active.has(w.id)) this.engine.events.append('maintenance.started', { id: w.id, loops: w.loops, services: w.services });
      } else if (this.active.has(w.id)) {
        this.engine.events.append('maintenance.ended', { id: w.id, early: w.endedEarlyAt !== null }, actor);
      }
    }
    this.active = activeNow;
  }

  /**
   * On the demo (demo activity on), one short window soon after the engine starts, so an operator sees the
   * banner, the trunk loop paused and resuming: 2 minutes from now, 2 minutes long.
   */
  scheduleDemoWindow(): void {
    if (this.demoScheduled) return;
    this.demoScheduled = true;
    const now = this.now();
    if (this.store.all().some((w) => w.title === DEMO_TITLE && w.endsAt > now)) return;
    this.add(
      { title: DEMO_TITLE, startsAt: now + 120_000, endsAt: now + 240_000, services: ['trunk'], loops: ['trunk'], reason: 'demo: shows a window soon' },
      'demo',
    );
  }

  private running(id: string): MaintenanceWindowRow {
    const w = this.store.get(id);
    if (!w) throw new EngineError('not-found', `no maintenance window ${JSON.stringify(id)}`);
    if (stateAt(w, this.now()) !== 'active') throw new EngineError('conflict', `maintenance window ${id} is not active (${stateAt(w, this.now())})`);
    return w;
  }

  private checkLoops(loops: string[]): void {
    const names = this.engine.loops.names().filter((n) => n !== MAINTENANCE_LOOP);
    const unknown = loops.find((l) => !names.includes(l));
    if (unknown !== undefined) throw new EngineError('bad-request', `loops: unknown loop ${JSON.stringify(unknown)}; loops: ${names.join(', ')}`);
  }
}
