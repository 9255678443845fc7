import { ago, textTable } from '../text-table.js';
import { readLink } from './links.js';
import type { TrunkRuntime } from './runtime.js';

/** DLRN's status report: per package, its last build, status, NVR and first failure since the last success. */
export interface TrunkStatus {
  current: string | null;
  consistent: string | null;
  packages: {
    package: string;
    component: string;
    status: string | null;
    commit_hash: string | null;
    nvr: string | null;
    last_build: number | null;
    last_success: number | null;
    first_failure: { commit_hash: string; at: number | null } | null;
    error: string | null;
    skipped: string | null;
  }[];
}

export function trunkStatus(t: TrunkRuntime, reposDir: string): TrunkStatus {
  return {
    current: readLink(reposDir, 'current'),
    consistent: readLink(reposDir, 'consistent'),
    packages: t.store.packageStatuses().map((s) => ({
      package: s.package,
      component: s.component,
      status: s.lastCommit && ['QUEUED', 'BUILDING'].includes(s.lastCommit.state) ? s.lastCommit.state : (s.lastBuild?.status ?? null),
      commit_hash: s.lastCommit?.commit_hash ?? null,
      nvr: s.lastBuild?.nvr ?? null,
      last_build: s.lastBuild?.finished_at ?? null,
      last_success: s.lastSuccess?.finished_at ?? null,
      first_failure: s.firstFailure ? { commit_hash: s.firstFailure.commit_hash, at: s.firstFailure.finished_at } : null,
      error: s.lastBuild?.status === 'SUCCESS' ? null : (s.lastBuild?.error ?? null),
      skipped: s.skipped,
    })),
  };
}

export function trunkStatusText(s: TrunkStatus): string {
  const rows = s.packages.map((p) => [
    p.package,
    p.status ?? 'NEVER',
    p.nvr ?? '-',
    ago(p.last_build),
    p.first_failure ? `${p.first_failure.commit_hash.slice(0, 8)} ${ago(p.first_failure.at)}` : '-',
    p.skipped ? `skipped: ${p.skipped}` : '',
  ]);
  return [
    textTable(['PACKAGE', 'STATUS', 'NVR', 'LAST BUILD', 'FIRST FAILURE', ''], rows),
    '',
    `current    -> ${s.current ?? '(none)'}`,
    `consistent -> ${s.consistent ?? '(none)'}`,
  ].join('\n');
}
