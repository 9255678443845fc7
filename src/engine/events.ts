import type { BuildStatus } from './trunk/types.js';
import type { JobRunState, NodeState } from '../store/pipeline-store.js';

/** Payload of every event type the engine appends to the `events` log. */
export interface EventPayloads {
  'pass.started': { pass: number };
  'pass.finished': { pass: number; built: number; failed: number; retried: number; skipped: string[] };
  'fetch.failed': { package: string; reason: string };
  'commit.queued': { commitId: number; package: string; commitHash: string; distroHash: string; reason: 'new' | 'retry' | 'recheck' | 'recovery' | 'force' };
  'build.started': { buildId: number; commitId: number; package: string; commitHash: string; worker: number; attempt: number };
  'build.finished': {
    buildId: number;
    commitId: number;
    package: string;
    commitHash: string;
    status: BuildStatus;
    nvr: string | null;
    error: string | null;
    durationMs: number;
  };
  'repo.published': { path: string; commitId: number; buildId: number; package: string; consistent: boolean };
  'link.moved': { name: string; from: string | null; to: string };
  'repo.purged': { path: string };
  'recovery.done': { requeued: number; tmpRemoved: number; staleLinks: string[] };
  'loop.paused': { loop: string };
  'loop.resumed': { loop: string };
  'demo.commit': { package: string; commitHash: string; kind: string };
  'node.state': { node: string; from: NodeState | null; to: NodeState | 'deleted'; reason: string | null; jobRunId: number | null };
  'job.queued': { runId: number; job: string; commitHash: string; distroHash: string; repoPath: string; trigger: string; attempt: number };
  'job.started': { runId: number; job: string; commitHash: string; distroHash: string; node: string; attempt: number; logPath: string };
  'job.finished': { runId: number; job: string; commitHash: string; distroHash: string; state: JobRunState; exitCode: number | null; error: string | null; durationMs: number };
  'vote.recorded': { voteId: number; commitHash: string | null; distroHash: string | null; aggregateHash: string | null; ciName: string; success: boolean; inProgress: boolean; url: string; user: string };
  promotion: { label: string; commitHash: string; distroHash: string; to: string; from: string | null; user: string };
  'promoter.pass': { dryRun: boolean; promoted: { label: string; to: string }[]; aborted: string | null };
  command: { name: string; args: Record<string, unknown>; ok: boolean; result: string };
}

export type EventType = keyof EventPayloads;

export type EngineEvent = {
  [K in EventType]: { seq: number; ts: number; type: K; actor: string; payload: EventPayloads[K] };
}[EventType];

export type EventOf<K extends EventType> = Extract<EngineEvent, { type: K }>;
