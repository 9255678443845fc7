import type { BuildStatus, CommitState } from './types.js';

/** The trunk as a console draws it; kept up to date from events by the client's reducer (client/reduce.ts). */
export interface TrunkLive {
  queue: QueueItem[];
  recent: BuildSummary[];
  packages: PackageSummary[];
  links: Record<string, string>;
  passRunning: boolean;
}

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
  /** The distgit commit: two builds of one upstream commit differ here. */
  distroHash: string;
  subject: string;
  author: string;
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

export const RECENT_BUILDS = 200;
