import type { JobRunState, NodeState } from './types.js';

declare module '../events.js' {
  interface EventPayloads {
    'node.state': { node: string; from: NodeState | null; to: NodeState | 'deleted'; reason: string | null; jobRunId: number | null };
    'job.queued': { runId: number; job: string; commitHash: string; distroHash: string; repoPath: string; trigger: string; attempt: number };
    'job.started': { runId: number; job: string; commitHash: string; distroHash: string; node: string; attempt: number; logPath: string };
    'job.finished': {
      runId: number;
      job: string;
      commitHash: string;
      distroHash: string;
      state: JobRunState;
      exitCode: number | null;
      error: string | null;
      durationMs: number;
    };
    'vote.recorded': {
      voteId: number;
      commitHash: string | null;
      distroHash: string | null;
      aggregateHash: string | null;
      ciName: string;
      success: boolean;
      inProgress: boolean;
      url: string;
      user: string;
    };
  }
}

export const CI_EVENTS = ['node.state', 'job.queued', 'job.started', 'job.finished', 'vote.recorded'] as const;
