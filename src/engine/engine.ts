import { mkdirSync } from 'node:fs';
import { openDb, type Db } from '../store/db/db.js';
import { EventLog } from '../store/db/event-log.js';
import type { Actor, AreaContext, AreaDef, Command, CommandDef, CommandResult, EngineCore, Facts, HttpRoute, LoopControl, LoopDef, QueryDef } from './area.js';
import { parseArgs } from './args.js';
import { AREAS } from './areas.js';
import { catalogOf, type Catalog } from './catalog.js';
import { loadConfig, type Config } from './config/load.js';
import { ensureWritableDataDir } from './data-dir.js';
import { asEngineError, EngineError } from './errors.js';
import { PidLock } from './lock.js';
import { errorFields, openEngineLog, type EngineLog, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { dataPaths, type DataPaths } from './paths.js';

export interface EngineOptions {
  configDir: string;
  dataDir: string;
  /** The URL of a primary engine whose database this one is to copy and follow (`serve --replica-of`). */
  follows?: string;
}

export const SYSTEM_ACTOR: Actor = { name: 'engine', role: 'operator' };

/** What the audit trail keeps of a command's arguments: anything bigger is replaced by its size. */
export const MAX_AUDIT_ARGS_BYTES = 2048;
/** And of its result message (an error may quote what it was given). */
export const MAX_AUDIT_RESULT_CHARS = 1024;

interface Registered<D> {
  def: D;
  area: AreaDef<unknown>;
}

/** A loop of some area, ready to run (see loops.ts). */
export interface AreaLoop {
  def: LoopDef<unknown>;
  ctx: AreaContext<unknown>;
}

/**
 * The engine: config, store, event log and logger, and the areas (areas.ts) merged behind one command
 * dispatcher and one query interface. It knows no area by name.
 */
export class Engine implements EngineCore {
  readonly paths: DataPaths;
  readonly db: Db;
  readonly events: EventLog;
  readonly log: Logger;
  readonly metrics = new Metrics();
  readonly loops: LoopControl;
  private readonly engineLog: EngineLog;
  private readonly lock: PidLock;
  private readonly runtimes = new Map<AreaDef<any>, { runtime: unknown; log: Logger }>();
  private readonly commands = new Map<string, Registered<CommandDef<unknown>>>();
  private readonly queries = new Map<string, Registered<QueryDef<unknown>>>();
  private readonly pausedLoops = new Set<string>();
  private readonly suspended = new Map<string, Set<string>>();
  private closing: Promise<void> | null = null;
  private followReason: string | null = null;
  /** Set by the daemon once it listens (EngineCore.servedAt). */
  servedAt: string | null = null;

  private constructor(
    readonly config: Config,
    readonly areas: readonly AreaDef<any>[],
    readonly followRequest: string | null = null,
  ) {
    this.paths = dataPaths(config.dataDir);
    ensureWritableDataDir(this.paths.dataDir);
    for (const d of [this.paths.reposDir, this.paths.logsDir, this.paths.tmpDir, this.paths.sourcesDir]) mkdirSync(d, { recursive: true });
    this.engineLog = openEngineLog(this.paths.logsDir);
    this.log = this.engineLog.log;
    this.db = openDb(this.paths.db, { migrations: engineMigrations(areas) });
    this.events = new EventLog(this.db);
    this.lock = new PidLock(this.paths.lockFile);
    for (const loop of this.events.pausedLoops()) this.pausedLoops.add(loop);
    // A pause from another process (the CLI, another console on this data directory) holds here too.
    this.events.subscribe((e) => {
      if (e.type === 'loop.paused') this.pausedLoops.add(e.payload.loop);
      else if (e.type === 'loop.resumed') this.pausedLoops.delete(e.payload.loop);
    });
    this.loops = this.loopControl();
    for (const area of areas) this.openArea(area);
    this.logEvents();
  }

  /** Loads the config (ConfigError) and opens the data directory (DataDirError). */
  static open(options: EngineOptions, areas: readonly AreaDef<any>[] = AREAS): Engine {
    const config = loadConfig(options.configDir, options.dataDir);
    // Every area's own config files too, before anything is written: a bad one leaves the data directory as it was.
    const loopNames = areas.flatMap((a) => a.loops.map((l) => l.name));
    for (const a of areas) a.checkConfig?.(config, loopNames);
    return new Engine(config, areas, options.follows ?? null);
  }

  get follower(): string | null {
    return this.followReason;
  }

  follow(reason: string | null): void {
    this.followReason = reason;
    this.events.suppress(reason);
  }

  private openArea(def: AreaDef<any>): void {
    const log = this.log.child({ area: def.name });
    const runtime = def.open(this, log);
    this.runtimes.set(def, { runtime, log });
    for (const c of def.commands) {
      if (this.commands.has(c.name)) throw new Error(`command ${c.name} is defined twice (${def.name})`);
      this.commands.set(c.name, { def: c, area: def });
    }
    for (const q of def.queries) {
      if (this.queries.has(q.name)) throw new Error(`query ${q.name} is defined twice (${def.name})`);
      this.queries.set(q.name, { def: q, area: def });
    }
    const ctx = this.contextOf(def);
    for (const m of def.metrics) this.metrics.add({ ...m, collect: () => m.collect(ctx) });
  }

  /** Every event this process appends goes to engine.log too, at the level its area gives it. */
  private logEvents(): void {
    const byType = new Map<string, { area: AreaDef<any>; level: 'info' | 'warn' | 'error' | 'debug' }>();
    for (const a of this.areas)
      for (const type of a.events)
        if (!byType.has(type)) byType.set(type, { area: a, level: a.eventLevels?.[type] ?? (type === 'command' ? 'info' : 'debug') });
    this.events.onAppend = (e) => {
      const entry = byType.get(e.type);
      const log = entry ? this.runtimes.get(entry.area)!.log : this.log;
      log[entry?.level ?? 'debug']({ event: e.type, seq: e.seq, actor: e.actor, ...e.payload }, e.type);
    };
  }

  area<R>(def: AreaDef<R>): R {
    const entry = this.runtimes.get(def);
    if (!entry) throw new Error(`area ${def.name} is not open (areas open in areas.ts order)`);
    return entry.runtime as R;
  }

  private contextOf<R>(def: AreaDef<R>): AreaContext<R> {
    const entry = this.runtimes.get(def)!;
    return { area: entry.runtime as R, engine: this, log: entry.log };
  }

  /**
   * Takes the data directory's lock (one engine drives a data directory) and lets each area repair what an
   * unclean stop left (not on a follower, unless asked). Returns the pid of the process that holds it instead, if any.
   */
  takeLock(options: { recover?: boolean } = {}): { ok: true } | { ok: false; holder: number | null; since: number | null } {
    if (!this.lock.acquire()) return { ok: false, holder: this.lock.holder(), since: this.lock.heldSince() };
    // A follower's database is a copy: what an unclean stop left in it is the primary's to repair.
    if (options.recover ?? this.followReason === null) for (const def of this.areas) def.recover?.(this.contextOf(def));
    return { ok: true };
  }

  /** The loops of every area, for the loop runner. */
  areaLoops(): AreaLoop[] {
    return this.areas.flatMap((def) => def.loops.map((l) => ({ def: l as LoopDef<unknown>, ctx: this.contextOf(def) as AreaContext<unknown> })));
  }

  repoHolds(): ReadonlyMap<string, string> {
    const holds = new Map<string, string>();
    for (const def of this.areas) for (const [path, why] of def.holds?.(this.contextOf(def)) ?? []) if (!holds.has(path)) holds.set(path, why);
    return holds;
  }

  facts(): Facts {
    const facts: Facts = {};
    for (const def of this.areas) {
      try {
        Object.assign(facts, def.facts?.(this.contextOf(def)));
      } catch (err) {
        this.log.error({ area: def.name, ...errorFields(err) }, 'facts could not be read');
      }
    }
    return facts;
  }

  /** The HTTP routes every area adds to the daemon. */
  routes(): HttpRoute[] {
    return this.areas.flatMap((def) => [...(def.routes?.(this.contextOf(def)) ?? [])]);
  }

  catalog(): Catalog {
    return catalogOf(this.areas);
  }

  isDangerous(name: string): boolean {
    return this.commands.get(name)?.def.dangerous ?? false;
  }

  /** Runs an operator command and records it (who, what, result) in the event log. Never throws. */
  async dispatch(command: Command, actor: Actor): Promise<CommandResult> {
    let result: CommandResult;
    try {
      result = await this.execute(command, actor);
    } catch (err) {
      const e = asEngineError(err);
      if (e.kind === 'internal') this.log.error({ command: command?.name, ...errorFields(err) }, 'command failed');
      result = { ok: false, message: e.message, error: { kind: e.kind } };
    }
    const name = typeof command?.name === 'string' ? command.name.slice(0, 100) : String(command?.name);
    this.events.append(
      'command',
      {
        name,
        args: auditArgs(command?.args),
        ok: result.ok,
        result: cut(result.message, MAX_AUDIT_RESULT_CHARS),
        ...(result.error ? { kind: result.error.kind } : {}),
      },
      actor.name,
    );
    return result;
  }

  private async execute(command: Command, actor: Actor): Promise<CommandResult> {
    const entry = typeof command?.name === 'string' ? this.commands.get(command.name) : undefined;
    if (!entry) throw new EngineError('bad-request', `unknown command ${cut(JSON.stringify(command?.name) ?? 'undefined', 100)}`);
    const args = parseArgs(entry.def.name, entry.def.args, command.args);
    if (actor.role !== 'operator') throw new EngineError('forbidden', `${actor.name} is a ${actor.role} and may not run ${entry.def.name}`);
    if (actor.readOnly) throw new EngineError('forbidden', `${entry.def.name} refused: ${actor.name}'s console is read-only`);
    for (const def of this.areas) {
      const refused = def.guard?.({ name: entry.def.name, dangerous: entry.def.dangerous }, actor, this.contextOf(def));
      if (refused) throw refused;
    }
    return await entry.def.run(args, { ...this.contextOf(entry.area), actor });
  }

  /** Answers a query; throws EngineError (bad-request for unknown names and bad arguments). */
  async query(name: string, args: unknown, _actor: Actor = SYSTEM_ACTOR): Promise<unknown> {
    const entry = this.queries.get(name);
    if (!entry) throw new EngineError('bad-request', `unknown query ${JSON.stringify(name)}`);
    return await entry.def.run(parseArgs(name, entry.def.args, args), this.contextOf(entry.area));
  }

  private loopControl(): LoopControl {
    const names = () => this.areas.flatMap((a) => a.loops.map((l) => l.name));
    const known = (name: string) => {
      if (!names().includes(name)) throw new EngineError('bad-request', `unknown loop ${JSON.stringify(name)}; loops: ${names().join(', ')}`);
    };
    return {
      names,
      isPaused: (name) => this.pausedLoops.has(name) || (this.suspended.get(name)?.size ?? 0) > 0,
      paused: () => [...this.pausedLoops],
      pause: (name, actor) => {
        known(name);
        if (this.pausedLoops.has(name)) return false;
        this.pausedLoops.add(name);
        this.events.append('loop.paused', { loop: name }, actor);
        return true;
      },
      resume: (name, actor) => {
        known(name);
        if (!this.pausedLoops.delete(name)) return false;
        this.events.append('loop.resumed', { loop: name }, actor);
        return true;
      },
      suspend: (name, reason) => {
        known(name);
        const reasons = this.suspended.get(name) ?? new Set<string>();
        if (reasons.has(reason)) return;
        reasons.add(reason);
        this.suspended.set(name, reasons);
        this.events.append('loop.suspended', { loop: name, reason });
      },
      lift: (name, reason) => {
        if (this.suspended.get(name)?.delete(reason)) this.events.append('loop.lifted', { loop: name, reason });
      },
      suspensions: () => [...this.suspended].flatMap(([loop, reasons]) => [...reasons].map((reason) => ({ loop, reason }))),
    };
  }

  /**
   * Stops the areas (last opened first: running builds and jobs are stopped and left for recovery), then
   * releases the lock and closes the store and the log.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const def of [...this.areas].reverse()) {
        try {
          await def.close?.(this.area(def));
        } catch (err) {
          this.log.error({ area: def.name, ...errorFields(err) }, 'area did not close cleanly');
        }
      }
      this.lock.release();
      this.db.close();
      await this.engineLog.close();
    })();
    return this.closing;
  }
}

/** The migrations of the given areas, the engine's own first. */
export function engineMigrations(areas: readonly AreaDef<any>[] = AREAS) {
  return areas.flatMap((a) => a.migrations);
}

function auditArgs(args: unknown): Record<string, unknown> {
  if (args === undefined || args === null || typeof args !== 'object' || Array.isArray(args)) return {};
  const text = JSON.stringify(args) ?? '{}';
  if (text.length <= MAX_AUDIT_ARGS_BYTES) return args as Record<string, unknown>;
  // Too big to keep whole: each value cut to a short prefix, a few keys at most, and the size of it all.
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args).slice(0, 16)) {
    const json = JSON.stringify(v) ?? 'null';
    kept[k.slice(0, 64)] = typeof v === 'string' ? cut(v, 128) : json.length <= 128 ? v : `(${json.length} bytes)`;
  }
  return { ...kept, argsBytes: text.length };
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}
