import type { Actor, Command, CommandResult, Role } from '../area.js';
import type { Catalog } from '../catalog.js';
import type { EngineEvent } from '../events.js';
import type { TrunkLive } from '../trunk/live.js';
import type { QueryArgs, QueryName, QueryResult } from './contract.js';

/** The state a console starts from; events after `seq` bring it up to date (reduce.ts). */
export interface EngineSnapshot {
  /** Sequence number of the last event this snapshot includes; subscribe from here. */
  seq: number;
  identity: { name: string; role: Role };
  /** Loops paused now (by an operator). */
  paused: string[];
  /** Loops the engine holds now, each with why (a maintenance window, a replica). */
  suspended: { loop: string; reason: string }[];
  /** What this engine can do: its commands (for the palette and confirmations), queries and loops. */
  catalog: Catalog;
  /** The trunk, reduced from events as they arrive (it changes many times a second). Every other view is a query. */
  trunk: TrunkLive;
}

export type ConnectionState = { state: 'connected' } | { state: 'connecting'; attempt: number; error?: string } | { state: 'closed'; error?: string };

/** What the console sees of an engine, in this process (LocalClient) or in a daemon (WsClient). */
export interface EngineClient {
  /** `local` or the attached URL. */
  readonly where: string;
  snapshot(): Promise<EngineSnapshot>;
  /** Delivers events after `fromSeq`, in order, without gaps or repeats, across reconnects. */
  subscribe(fromSeq: number, onEvents: (events: EngineEvent[]) => void, onConnection?: (c: ConnectionState) => void): () => void;
  /** Runs a command; never rejects for a refusal (the result says why, with its kind). */
  dispatch(command: Command): Promise<CommandResult>;
  /** Answers a query of some area; rejects with the engine's message (and kind) when it is refused. */
  query<N extends QueryName>(name: N, args: QueryArgs<N>): Promise<QueryResult<N>>;
  close(): void;
}

export type { Actor };
