/** repos/status_report.html and repos/report.html, written beside status_report.csv with each publication. */
import type { PackageStatus, TrunkStore } from '../../store/db/trunk-store.js';
import { html, page, status, table, utc, type Html } from './html.js';

export interface ReportBuild {
  package: string;
  component: string;
  commit_hash: string;
  status: string;
  started_at: number;
  finished_at: number | null;
  repo_path: string | null;
  nvr: string | null;
}

/** DLRN's status_report.html: per package, its last build and first failure since the last success. `base` prefixes repo links. */
export function statusReportHtml(reponame: string, statuses: readonly PackageStatus[], now: number, base = ''): string {
  const rows = statuses.map((s): Html[] => {
    const word = s.lastBuild?.status ?? 'NEVER BUILT';
    const repo = s.lastSuccess?.repo_path;
    return [
      html`${s.package}`,
      html`${s.component}`,
      status(word),
      html`${s.lastBuild?.nvr ?? s.lastSuccess?.nvr ?? ''}`,
      html`${utc(s.lastBuild?.finished_at)}`,
      s.firstFailure ? html`<code>${s.firstFailure.commit_hash}</code> ${utc(s.firstFailure.finished_at)}` : html``,
      html`${s.lastSuccess?.finished_at ? `${Math.floor((now - s.lastSuccess.finished_at) / 86_400_000)} days` : 'Never'}`,
      repo ? html`<a href="${base}${repo}/">repo</a>` : html``,
    ];
  });
  return page(
    `${reponame} status report`,
    html`<p>Generated ${utc(now)} UTC. ${statuses.length} packages.</p>
      ${table(['Project', 'Component', 'Status', 'NVR', 'Last build', 'First failure after success', 'Since last success', 'Repository'], rows, 'No packages.')}`,
  );
}

/** DLRN's report.html: the recent builds, newest first. */
export function reportHtml(reponame: string, builds: readonly ReportBuild[], now: number, base = ''): string {
  const rows = builds.map((b): Html[] => [
    html`${utc(b.finished_at ?? b.started_at)}`,
    html`${b.package}`,
    html`<code>${b.commit_hash}</code>`,
    html`${b.component}`,
    status(b.status),
    html`${b.nvr ?? ''}`,
    b.repo_path ? html`<a href="${base}${b.repo_path}/">repo</a>` : html``,
  ]);
  return page(
    `${reponame} build report`,
    html`<p>Generated ${utc(now)} UTC. ${builds.length} builds, newest first.</p>
      ${table(['Build date (UTC)', 'Project', 'Commit', 'Component', 'Status', 'NVR', 'Repository'], rows, 'No builds yet.')}`,
  );
}

/** The newest `limit` finished builds with their package's component. */
export function reportBuilds(store: TrunkStore, limit: number, pkg?: string): ReportBuild[] {
  const components = new Map(store.packageStatuses().map((s) => [s.package, s.component]));
  return store
    .recentBuilds(limit)
    .filter((b) => b.status !== 'BUILDING' && (pkg === undefined || b.package === pkg))
    .map((b) => ({
      package: b.package,
      component: components.get(b.package) ?? 'unknown',
      commit_hash: b.commit_hash,
      status: b.status,
      started_at: b.started_at,
      finished_at: b.finished_at,
      repo_path: b.repo_path,
      nvr: b.nvr,
    }));
}
