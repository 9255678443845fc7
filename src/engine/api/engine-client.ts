import type { Command, CommandResult, Role } from '../commands.js';
import type { EngineEvent } from '../events.js';
import type { BuildStatus, CommitState } from '../trunk/types.js';

/** What the console sees of the engine; the only thing the UI may import from src/engine/. */
export interface QueueItem {
  commitId: number;
  package: string;
  commitHash: string;
  state: Extract<CommitState, 'QUEUED' | 'BUILDING'>;
  queuedAt: number;
  buildId: number | null;
  worker: number | null;
  startedAt: number | null;
}

export interface BuildSummary {
  buildId: number;
  commitId: number;
  package: string;
  commitHash: string;
  nvr: string | null;
  status: BuildStatus;
  startedAt: number;
  finishedAt: number;
  error: string | null;
}

export interface PackageSummary {
  package: string;
  component: string;
  status: CommitState | 'NEVER';
  nvr: string | null;
  lastBuildAt: number | null;
  lastSuccessAt: number | null;
  firstFailure: { commitHash: string; at: number } | null;
  skipped: string | null;
}

export interface EngineSnapshot {
  /** Sequence number of the last event this snapshot includes; subscribe from here. */
  seq: number;
  identity: { name: string; role: Role };
  paused: string[];
  trunk: {
    queue: QueueItem[];
    recent: BuildSummary[];
    packages: PackageSummary[];
    links: Record<string, string>;
    passRunning: boolean;
  };
  audit: AuditEntry[];
}

export interface AuditEntry {
  seq: number;
  ts: number;
  actor: string;
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  result: string;
}

export interface LogChunk {
  text: string;
  /** Byte offset to ask from next time. */
  offset: number;
  /** False while the build still runs (the log may grow). */
  complete: boolean;
  truncated: boolean;
}

export type ConnectionState = { state: 'connected' } | { state: 'connecting'; attempt: number; error?: string } | { state: 'closed'; error?: string };

export interface EngineClient {
  /** `local` or the attached URL. */
  readonly where: string;
  snapshot(): Promise<EngineSnapshot>;
  /** Delivers events after `fromSeq`, in order, without gaps or repeats, across reconnects. */
  subscribe(fromSeq: number, onEvents: (events: EngineEvent[]) => void, onConnection?: (c: ConnectionState) => void): () => void;
  dispatch(command: Command): Promise<CommandResult>;
  /** A build log from byte `offset`, at most `limit` bytes. */
  buildLog(buildId: number, offset: number, limit: number): Promise<LogChunk>;
  close(): void;
}

export const RECENT_BUILDS = 200;
export const AUDIT_ENTRIES = 200;
