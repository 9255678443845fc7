import type { Command, CommandResult, Role } from '../commands.js';
import type { EngineEvent } from '../events.js';
import type { BuildStatus, CommitState } from '../trunk/types.js';
import type { PipelineSnapshot } from '../ci/pipeline-snapshot.js';
import type { Explanation } from '../promotions/explain.js';
import type { RepoDiff } from '../promotions/diff.js';

export type { JobRunSummary, LabelSummary, NodeSummary, PipelineSnapshot } from '../ci/pipeline-snapshot.js';
export type { CandidateReport } from '../promotions/evaluate.js';
export type { Explanation } from '../promotions/explain.js';
export type { PackageChange, RepoDiff, VersionEntry } from '../promotions/diff.js';
export type { JobRunState, NodeState } from '../../store/pipeline-store.js';

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
  /** The CI pool, job runs and promotion chain; null when no pipeline is configured. */
  pipeline: PipelineSnapshot | null;
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
  /** False while the build or job still runs (the log may grow). */
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
  /** The pipeline as it is now (it is not derived from events: refetch when pipeline events arrive). */
  pipeline(): Promise<PipelineSnapshot | null>;
  /** A CI job run's log from byte `offset` (negative: the last `limit` bytes), at most `limit` bytes. */
  jobLog(runId: number, offset: number, limit: number): Promise<LogChunk>;
  /** Why a repo hash (`<commit>_<distro8>` or a commit hash) is or is not promotable to `label`. */
  explain(hash: string, label: string): Promise<Explanation>;
  /** Packages and versions that change from one repo hash to another. */
  diff(fromHash: string, toHash: string): Promise<RepoDiff>;
  close(): void;
}

export const RECENT_BUILDS = 200;
export const AUDIT_ENTRIES = 200;
