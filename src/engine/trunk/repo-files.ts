import type { PackageStatus } from '../../store/db/trunk-store.js';
import type { BuildRow, CommitRow } from '../../store/db/trunk-rows.js';

/** delorean.repo: a yum repo file pointing at a hashed repo's URL. */
export function deloreanRepo(reponame: string, commit: CommitRow, url: string): string {
  return [
    `[${reponame}-${commit.package}-${commit.commit_hash.slice(0, 8)}]`,
    `name=${reponame}-${commit.package}-${commit.commit_hash}`,
    `baseurl=${url}`,
    'enabled=1',
    'gpgcheck=0',
    'priority=1',
    '',
  ].join('\n');
}

export interface VersionRow {
  package: string;
  upstream: string;
  distgit: string;
  commit: CommitRow;
  build: BuildRow;
  component: string;
  lastSuccess: number;
}

/** versions.csv, DLRN's columns: what every package in a hashed repo was built from. */
export function versionsCsv(rows: readonly VersionRow[]): string {
  const header = 'Project,Source Repo,Source Sha,Dist Repo,Dist Sha,Status,Last Success Timestamp,Component,Extended Sha,Pkg NVR';
  const lines = rows.map((r) =>
    [
      r.package,
      r.upstream,
      r.commit.commit_hash,
      r.distgit,
      r.commit.distro_hash,
      'SUCCESS',
      Math.floor(r.lastSuccess / 1000),
      r.component,
      r.commit.extended_hash ?? 'None',
      r.build.nvr ?? '',
    ]
      .map(csvField)
      .join(','),
  );
  return [header, ...lines, ''].join('\n');
}

/** commit.yaml, as DLRN writes it next to each hashed repo. */
export function commitYaml(commit: CommitRow, build: BuildRow, component: string, repoPath: string): string {
  const fields: [string, string | number][] = [
    ['commit_branch', commit.commit_branch],
    ['commit_hash', commit.commit_hash],
    ['component', component],
    ['distro_hash', commit.distro_hash],
    ['dt_build', Math.floor((build.finished_at ?? Date.now()) / 1000)],
    ['dt_commit', Math.floor(commit.dt_commit / 1000)],
    ['dt_distro', Math.floor(commit.dt_distro / 1000)],
    ['extended_hash', commit.extended_hash ?? 'None'],
    ['notes', 'OK'],
    ['project_name', commit.package],
    ['repo_dir', repoPath],
    ['status', 'SUCCESS'],
  ];
  return ['commits:', ...fields.map(([k, v], i) => `${i === 0 ? '- ' : '  '}${k}: ${typeof v === 'number' ? `'${v}'` : JSON.stringify(v)}`), ''].join('\n');
}

/** status_report.csv at the repo root: per package, last build and first failure since the last success. */
export function statusReportCsv(statuses: readonly PackageStatus[], now: number): string {
  const header = 'Project,Status,Last Build,Commit,NVR,First Failure Since Last Success,First Failure Commit,Days Since Last Success,Maintainers';
  const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : '');
  const lines = statuses.map((s) =>
    [
      s.package,
      s.lastBuild?.status ?? 'NEVER BUILT',
      iso(s.lastBuild?.finished_at),
      s.lastCommit?.commit_hash ?? '',
      s.lastSuccess?.nvr ?? '',
      iso(s.firstFailure?.finished_at),
      s.firstFailure?.commit_hash ?? '',
      s.lastSuccess?.finished_at ? Math.floor((now - s.lastSuccess.finished_at) / 86_400_000) : '',
      s.maintainers.join(' '),
    ]
      .map(csvField)
      .join(','),
  );
  return [header, ...lines, ''].join('\n');
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
