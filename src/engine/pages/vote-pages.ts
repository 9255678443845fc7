/** The daemon's /api/civotes.html, /api/civotes_detail.html and /api/report.html (DLRN's query parameters). */
import type { Db } from '../../store/db/db.js';
import type { VoteRow } from '../../store/db/pipeline-store.js';
import { aggregateVotes, civoteGroups, civotesOn } from '../../store/db/vote-queries.js';
import type { TrunkStore } from '../../store/db/trunk-store.js';
import { html, page, status, table, utc, type Html } from './html.js';
import { reportBuilds, reportHtml } from './trunk-pages.js';

const PAGE_SIZE = 50;

export class PageError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

function offsetOf(q: URLSearchParams): number {
  const raw = q.get('offset');
  if (raw === null || raw === '') return 0;
  if (!/^\d+$/.test(raw)) throw new PageError('offset', `offset must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function hexParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[0-9a-f]{4,64}$/.test(v)) throw new PageError(name, `${name} must be a hex hash, got ${JSON.stringify(v)}`);
  return v;
}

function voteWord(v: Pick<VoteRow, 'ci_vote' | 'ci_in_progress'>): string {
  return v.ci_in_progress ? 'in progress' : v.ci_vote ? 'passed' : 'failed';
}

function pager(path: string, q: URLSearchParams, offset: number, shown: number): Html {
  const link = (o: number, label: string) => {
    const next = new URLSearchParams(q);
    next.set('offset', String(o));
    return html`<a href="${path}?${next.toString()}">${label}</a> `;
  };
  return html`<nav>
    ${offset > 0 ? link(Math.max(0, offset - PAGE_SIZE), '« newer') : ''}${shown === PAGE_SIZE ? link(offset + PAGE_SIZE, 'older »') : ''}
  </nav>`;
}

/** civotes.html: one row per voted repo (commit + distro hash), with its passed and failed counts; `ci_name`, `offset`. */
export function civotesPage(db: Db, q: URLSearchParams): string {
  const offset = offsetOf(q);
  const ciName = q.get('ci_name') || undefined;
  const rows = civoteGroups(db, { ci: ciName ?? null, limit: PAGE_SIZE, offset });
  const cells = rows.map((r): Html[] => {
    const detail = new URLSearchParams({ commit_hash: r.commit_hash, distro_hash: r.distro_hash });
    return [
      html`<a href="civotes_detail.html?${detail.toString()}"><code>${r.commit_hash}</code></a>`,
      html`<code>${r.distro_hash.slice(0, 8)}</code>`,
      html`${r.component ?? ''}`,
      html`${utc(r.last)}`,
      html`${status('passed')} ${r.passed}`,
      html`${status('failed')} ${r.failed}`,
    ];
  });
  return page(
    ciName ? `CI votes by ${ciName}` : 'CI votes',
    html`${table(['Commit', 'Distro', 'Component', 'Last vote (UTC)', 'Passed', 'Failed'], cells, 'No votes yet.')}${pager('civotes.html', q, offset, rows.length)}`,
  );
}

/** civotes_detail.html: every vote on one repo (`commit_hash` + `distro_hash`) or of one job (`ci_name`). */
export function civotesDetailPage(db: Db, q: URLSearchParams): string {
  const offset = offsetOf(q);
  const commit = hexParam(q, 'commit_hash');
  const distro = hexParam(q, 'distro_hash');
  const ciName = q.get('ci_name') || undefined;
  if ((commit === undefined) !== (distro === undefined))
    throw new PageError(commit ? 'distro_hash' : 'commit_hash', 'Both commit_hash and distro_hash must be specified if any of them is.');
  if (!commit && !ciName) throw new PageError('commit_hash', 'Give commit_hash and distro_hash, or ci_name');
  const votes = civotesOn(db, { c: commit ?? null, d: distro ?? null, ci: ciName ?? null, limit: PAGE_SIZE, offset });
  const cells = votes.map((v): Html[] => [
    html`${v.ci_name}`,
    status(voteWord(v)),
    html`${utc(v.timestamp)}`,
    /^https?:\/\//.test(v.ci_url) ? html`<a href="${v.ci_url}">${v.ci_url}</a>` : html`${v.ci_url}`,
    html`${v.notes}`,
    html`${v.user}`,
  ]);
  const title = commit ? `CI votes on ${commit.slice(0, 12)}_${distro!.slice(0, 8)}` : `CI votes by ${ciName}`;
  return page(
    title,
    html`${table(['Job', 'Result', 'Time (UTC)', 'Log', 'Notes', 'User'], cells, 'No votes.')}${pager('civotes_detail.html', q, offset, votes.length)}`,
  );
}

/** report.html: recent builds, optionally of one `package`, optionally only `success=true|false`. */
export function reportPage(store: TrunkStore, q: URLSearchParams): string {
  const pkg = q.get('package') || undefined;
  if (pkg !== undefined && !store.packageNames().includes(pkg)) throw new PageError('package', `unknown package ${JSON.stringify(pkg)}`);
  const success = q.get('success');
  if (success !== null && !['true', 'false'].includes(success.toLowerCase()))
    throw new PageError('success', `success must be true or false, got ${JSON.stringify(success)}`);
  const builds = reportBuilds(store, 1000, pkg).filter((b) => success === null || (b.status === 'SUCCESS') === (success.toLowerCase() === 'true'));
  return reportHtml('DLRN', builds.slice(0, 300), Date.now(), '../repos/');
}

/** civotes_agg.html: the votes on aggregate hashes, newest first, optionally of one `aggregate_hash`. */
export function civotesAggPage(db: Db, q: URLSearchParams): string {
  const offset = offsetOf(q);
  const agg = q.get('aggregate_hash') || undefined;
  if (agg !== undefined && !/^[0-9a-f]{32}$/.test(agg))
    throw new PageError('aggregate_hash', `aggregate_hash must be an md5 hex hash, got ${JSON.stringify(agg)}`);
  const votes = aggregateVotes(db, { a: agg ?? null, limit: PAGE_SIZE, offset });
  const cells = votes.map((v): Html[] => [
    html`<code>${v.aggregate_hash}</code>`,
    html`${v.ci_name}`,
    status(voteWord(v)),
    html`${utc(v.timestamp)}`,
    /^https?:\/\//.test(v.ci_url) ? html`<a href="${v.ci_url}">${v.ci_url}</a>` : html`${v.ci_url}`,
    html`${v.notes}`,
  ]);
  return page(
    'CI votes on aggregates',
    html`${table(['Aggregate hash', 'Job', 'Result', 'Time (UTC)', 'Log', 'Notes'], cells, 'No votes on aggregates yet.')}${pager('civotes_agg.html', q, offset, votes.length)}`,
  );
}
