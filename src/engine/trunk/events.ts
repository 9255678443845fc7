import type { BuildStatus } from './types.js';

declare module '../events.js' {
  interface EventPayloads {
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
      /** The commit built (absent in events written before they were recorded). */
      distroHash?: string;
      subject?: string;
      author?: string;
      status: BuildStatus;
      nvr: string | null;
      error: string | null;
      durationMs: number;
    };
    'repo.published': { path: string; commitId: number; buildId: number; package: string; consistent: boolean };
    'link.moved': { name: string; from: string | null; to: string };
    'repo.purged': { path: string };
    'recovery.done': { requeued: number; tmpRemoved: number; staleLinks: string[]; tempClones?: number; staleLocks?: string[] };
    'demo.commit': { package: string; commitHash: string; kind: string };
    'rsync.done': { dest: string; repos: number; links: number };
    'rsync.failed': { dest: string; error: string; pending: number };
  }
}

export const TRUNK_EVENTS = [
  'pass.started',
  'pass.finished',
  'fetch.failed',
  'commit.queued',
  'build.started',
  'build.finished',
  'repo.published',
  'link.moved',
  'repo.purged',
  'recovery.done',
  'rsync.done',
  'rsync.failed',
] as const;
