/**
 * What an area of the engine (trunk, ci, promotions, backups, …) is made of. Each area exports one AreaDef
 * from `src/engine/<area>/index.ts`; the Engine merges them (see areas.ts), so adding an area never edits the
 * engine, the transports or the console shell.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Db } from '../store/db/db.js';
import type { EventLog } from '../store/db/event-log.js';
import type { Migration } from '../store/db/migrate.js';
import type { Catalog } from './catalog.js';
import type { Config } from './config/load.js';
import type { EngineError, ErrorKind } from './errors.js';
import type { EngineEvent, EventType } from './events.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { DataPaths } from './paths.js';

/** `replication`: a replica pulling changes; it may read the replication feed and nothing else. */
export type Role = 'operator' | 'viewer' | 'replication';

/** Who runs a command: recorded in the audit trail with it. */
export interface Actor {
  name: string;
  role: Role;
  /** A read-only console's session (`--read-only`): it may watch and read, and run no command at all. */
  readOnly?: boolean;
}

/** A command as it travels (console key, CLI, API, palette): checked against its area's schema by the engine. */
export interface Command {
  name: string;
  args?: Record<string, unknown>;
}

export interface CommandResult {
  ok: boolean;
  message: string;
  data?: unknown;
  /** Set when ok is false: why, as the error kind the HTTP status, exit code and console message come from. */
  error?: { kind: ErrorKind };
}

/** Arguments are a flat object of strings, numbers, booleans and enums (so the CLI and palette can take them). */
export type ArgsSchema = z.ZodObject<z.ZodRawShape>;

export interface CliSpec {
  /** Words of the subcommand (default: the name split at dots: `trunk.recheck` → `trunk recheck`). */
  path?: string;
  /** Arguments taken as positionals, in order; the others are options. */
  positional?: readonly string[];
  /** String options that may be given more than once: the values are joined with commas (`--matcher a=b --matcher c=d`). */
  repeatable?: readonly string[];
  /** Plain-text rendering of the result for a terminal (default: the message, or the data as JSON). */
  text?: (data: never) => string;
  /** Custom CLI code handles it (src/cli): no generated subcommand. */
  custom?: true;
  /** A query's exit code from its result (default 0): `status` exits 1 unless every service is operational. */
  exitCode?: (data: never) => number;
}

/** The engine as an area sees it. */
export interface EngineCore {
  readonly config: Config;
  readonly paths: DataPaths;
  readonly db: Db;
  readonly events: EventLog;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly loops: LoopControl;
  /** The URL of the primary this engine was opened to follow (`serve --replica-of`), or null. */
  readonly followRequest: string | null;
  /**
   * Why this engine's database is written only by replication (`read-only replica of URL`), or null: areas then
   * write nothing of their own to it (no config sync, no recovery, no event appended: see follow).
   */
  readonly follower: string | null;
  /** The URL a daemon serves this engine at (`rdo-console serve`), or null in an embedded console. */
  readonly servedAt: string | null;
  /** Marks the database as a follower's (or, with null, writable again). */
  follow(reason: string | null): void;
  /** Another area's runtime (areas open in areas.ts order: only earlier ones can be asked for). */
  area<R>(def: AreaDef<R>): R;
  /** Hashed repos (path under repos/ → why) that some area needs kept right now: never purged. */
  repoHolds(): ReadonlyMap<string, string>;
  /** Every area's facts, by name (see AreaDef.facts). */
  facts(): Facts;
  dispatch(command: Command, actor: Actor): Promise<CommandResult>;
  query(name: string, args: unknown, actor: Actor): Promise<unknown>;
  /** What every area's commands and queries are (complete from the start: it comes from areas.ts). */
  catalog(): Catalog;
}

export interface LoopControl {
  /** Loop names of every area, in areas.ts order. */
  names(): string[];
  /** Paused by an operator, or suspended for some reason. */
  isPaused(name: string): boolean;
  /** What operators paused (it outlives a restart). */
  paused(): string[];
  /** Returns false when it already was. Recorded as loop.paused / loop.resumed. */
  pause(name: string, actor: string): boolean;
  resume(name: string, actor: string): boolean;
  /**
   * Holds a loop for a reason (a maintenance window's id) until lifted; not persisted, so whoever suspends
   * works out again after a restart what should be suspended. Unknown loop names are a bad-request.
   */
  suspend(name: string, reason: string): void;
  lift(name: string, reason: string): void;
  suspensions(): { loop: string; reason: string }[];
}

/** A named fact of some area (`trunk.last-pass-age-seconds`): what status probes and alert rules read. */
export type Facts = Record<string, number | string | boolean | null>;

/** An HTTP route of the daemon: answers and returns true, or returns false to pass. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface AreaContext<R> {
  area: R;
  engine: EngineCore;
  log: Logger;
}

export interface CommandContext<R> extends AreaContext<R> {
  actor: Actor;
}

export interface CommandDef<R = unknown, N extends string = string, S extends ArgsSchema = ArgsSchema> {
  name: N;
  /** One line, shown in help, the palette and the CLI. */
  description: string;
  /** Asks for confirmation in the console; refused by a read-only console. */
  dangerous: boolean;
  /** The console's question before a dangerous command, `{arg}` filled in: `Promote {hash} → {label}?` */
  confirm?: string;
  args: S;
  cli?: CliSpec;
  /** Throw EngineError to refuse; anything else thrown is an internal error. */
  run(args: z.output<S>, ctx: CommandContext<R>): CommandResult | Promise<CommandResult>;
}

export interface QueryDef<R = unknown, N extends string = string, S extends ArgsSchema = ArgsSchema, T = unknown> {
  name: N;
  description: string;
  args: S;
  /** Events after which a console refetches it. */
  changesOn: readonly EventType[];
  cli?: CliSpec;
  run(args: z.output<S>, ctx: AreaContext<R>): T | Promise<T>;
}

export interface LoopDef<R = unknown, N extends string = string> {
  name: N;
  description: string;
  /** Milliseconds between ticks (from the config), or null when the loop has nothing to do in this config. */
  every(engine: EngineCore): number | null;
  /** Tick at once on start instead of after the first interval. */
  startNow?: boolean;
  /** Tick soon (after delayMs, coalesced) after an event for which this returns true. */
  wakeOn?: { when(event: EngineEvent): boolean; delayMs: number };
  /** Also skipped while one of these loops is paused. */
  pausedWith?: readonly string[];
  tick(ctx: AreaContext<R>): Promise<void>;
}

export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}

export interface MetricDef<R = unknown> {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labelNames?: readonly string[];
  /** Read at scrape time. */
  collect(ctx: AreaContext<R>): MetricSample[];
}

export interface AreaDef<R = unknown> {
  name: string;
  /** One line: what the area does (CLI help for its command group). */
  description: string;
  /** Help lines of the other CLI command groups its commands are under (`pool`, `jobs`). */
  cliGroups?: Record<string, string>;
  /** Applied in order, each once (recorded by id in schema_migrations). */
  migrations: readonly Migration[];
  open(engine: EngineCore, log: Logger): R;
  /** Validates the area's own config files (ConfigError) before the engine writes anything; `open` may read them again. */
  checkConfig?(config: Config, loopNames: readonly string[]): void;
  /** After an unclean stop, in the process that has just taken the data directory's lock. */
  recover?(ctx: AreaContext<R>): void;
  /** Stop what runs (builds, jobs) so the store can close; called in reverse areas.ts order. */
  close?(area: R): void | Promise<void>;
  commands: readonly CommandDef<R, string, any>[];
  queries: readonly QueryDef<R, string, any, any>[];
  loops: readonly LoopDef<R>[];
  /** The event types this area appends (documentation, and checked by a test against what it emits). */
  events: readonly EventType[];
  /** The level its events are logged at in engine.log (others: debug; operator commands: info). */
  eventLevels?: Partial<Record<EventType, 'info' | 'warn' | 'error'>>;
  metrics: readonly MetricDef<R>[];
  /** Hashed repos this area needs kept now (a job running on it, a release composed from it): path → why. */
  holds?(ctx: AreaContext<R>): Iterable<[string, string]>;
  /** Facts about the area now, each named `<area>.<what>` (ages in seconds): read by status probes and alerts. */
  facts?(ctx: AreaContext<R>): Facts;
  /** Routes the daemon serves for this area (a status page, a replication feed), tried before its 404. */
  routes?(ctx: AreaContext<R>): readonly HttpRoute[];
  /** Refuses a command before it runs (a replica refuses every change): the reason, or null to let it run. */
  guard?(command: { name: string; dangerous: boolean }, actor: Actor, ctx: AreaContext<R>): EngineError | null;
}

/** `const command = commandFor<TrunkRuntime>()`: keeps each command's name and argument types. */
export function commandFor<R>() {
  return <const N extends string, S extends ArgsSchema>(def: CommandDef<R, N, S>): CommandDef<R, N, S> => def;
}

export function queryFor<R>() {
  return <const N extends string, S extends ArgsSchema, T>(def: QueryDef<R, N, S, T>): QueryDef<R, N, S, T> => def;
}

export function defineArea<
  R,
  const C extends readonly CommandDef<R, string, any>[],
  const Q extends readonly QueryDef<R, string, any, any>[],
  const L extends readonly LoopDef<R, string>[],
>(def: Omit<AreaDef<R>, 'commands' | 'queries' | 'loops'> & { commands: C; queries: Q; loops: L }): AreaDef<R> & { commands: C; queries: Q; loops: L } {
  return def;
}

export type { EngineError };
