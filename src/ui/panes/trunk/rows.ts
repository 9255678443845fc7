import type { BuildSummary, EngineSnapshot, PackageSummary } from '../../../engine/client/index.js';
import { age, duration, shortAge, shortHash, versionRelease } from '../../format.js';
import { statusLabel, statusTone } from '../../theme.js';
import type { Cell, ListRow, ListSpec, PaneData } from '../types.js';

/** What a Trunk row's actions act on: a package, and the build (or queued commit) the row shows. */
export interface BuildTarget {
  package: string;
  status: string;
  buildId: number | null;
  commitHash: string | null;
}

const status = (s: string): Cell => ({ text: statusLabel(s), tone: statusTone(s) });

/** Queued and building commits first (elapsed time, worker), then finished builds (duration). */
export function buildRows({ snapshot }: PaneData, now: number): ListRow<BuildTarget>[] {
  const queue = snapshot.trunk.queue.map((q): ListRow<BuildTarget> => {
    const since = q.startedAt ?? q.queuedAt;
    return {
      key: `q${q.commitId}`,
      copy: q.commitHash,
      cells: [status(q.state), q.package, shortHash(q.commitHash), '', q.worker === null ? '-' : `w${q.worker}`, duration(now - since)],
      target: { package: q.package, status: q.state, buildId: q.buildId, commitHash: q.commitHash },
    };
  });
  const recent = snapshot.trunk.recent.map((b): ListRow<BuildTarget> => {
    let row = finishedRows.get(b);
    if (!row) {
      row = {
        key: `b${b.buildId}`,
        copy: b.commitHash,
        describe: describeCommit(b),
        cells: [
          status(b.status),
          b.package,
          shortHash(b.commitHash),
          versionRelease(b.nvr, b.package) ?? b.error ?? '-',
          '',
          duration(b.finishedAt - b.startedAt),
        ],
        target: { package: b.package, status: b.status, buildId: b.buildId, commitHash: b.commitHash },
      };
      finishedRows.set(b, row);
    }
    return row;
  });
  return [...queue, ...recent];
}

/** The commit a build is of, as `git log --oneline` would say it, with the distgit commit it was built with. */
function describeCommit(b: BuildSummary): string | undefined {
  if (!b.subject && !b.distroHash) return undefined;
  const who = b.author.replace(/\s*<[^>]*>$/, '');
  return `${shortHash(b.commitHash)} “${b.subject}”${who ? ` — ${who}` : ''}${b.distroHash ? ` · distgit ${shortHash(b.distroHash)}` : ''}`;
}

// Snapshots are immutable and a batch of events replaces only what it changes (see reduce.ts), so a row can be
// remembered per snapshot object: a finished build's row never changes, a package's until the clock or its
// latest build moves. Rows are then rebuilt only for what changed, and unchanged rows are not redrawn.
const finishedRows = new WeakMap<BuildSummary, ListRow<BuildTarget>>();
const packageRowCache = new WeakMap<PackageSummary, { now: number; last: BuildSummary | undefined; row: ListRow<BuildTarget> }>();

/** FAILED packages first, then RETRY, then the rest: a failure is never below the fold. */
const STATUS_RANK: Record<string, number> = { FAILED: 0, RETRY: 1 };
const rank = (status: string) => STATUS_RANK[status] ?? 2;

/** The packages in the order the Packages list shows them: by status rank, then by name. */
export function sortedPackages(packages: readonly PackageSummary[]): PackageSummary[] {
  return [...packages].sort((a, b) => rank(a.status) - rank(b.status) || (a.package < b.package ? -1 : a.package > b.package ? 1 : 0));
}

/**
 * Like DLRN's status report: last build, first failure since the last success, days since success. FAILED
 * packages first, then RETRY, then the rest by name.
 */
export function packageRows({ snapshot }: PaneData, now: number): ListRow<BuildTarget>[] {
  // The newest recent build of each package (recent is newest first), looked up once rather than per package.
  const latest = new Map<string, BuildSummary>();
  for (const b of snapshot.trunk.recent) if (!latest.has(b.package)) latest.set(b.package, b);
  return sortedPackages(snapshot.trunk.packages).map((p): ListRow<BuildTarget> => {
    const last = latest.get(p.package);
    const cached = packageRowCache.get(p);
    if (cached && cached.now === now && cached.last === last) return cached.row;
    const row: ListRow<BuildTarget> = {
      key: `p${p.package}`,
      ...(last ? { copy: last.commitHash } : {}),
      cells: [
        p.package,
        status(p.status),
        p.lastBuildAt === null ? '-' : `${shortAge(now - p.lastBuildAt)} ago`,
        p.firstFailure ? `${shortHash(p.firstFailure.commitHash)} ${age(now - p.firstFailure.at)}` : '-',
        p.lastSuccessAt === null ? 'never' : `${shortAge(now - p.lastSuccessAt)} ago`,
        p.skipped ? { text: `skipped: ${p.skipped}`, tone: 'warn' } : (versionRelease(p.nvr, p.package) ?? ''),
      ],
      target: { package: p.package, status: p.status, buildId: last?.buildId ?? null, commitHash: last?.commitHash ?? null },
    };
    packageRowCache.set(p, { now, last, row });
    return row;
  });
}

export const BUILDS_LIST: ListSpec<BuildTarget> = {
  id: 'trunk.builds',
  title: 'Builds',
  columns: [
    { title: 'STATUS', width: 10 },
    // The longest demo name (python-demo-keystoneclient) is 26 columns: readable at 80 columns.
    { title: 'PACKAGE', width: 26, flex: true, max: 34 },
    { title: 'COMMIT', width: 8 },
    { title: 'VERSION-RELEASE', width: 12, flex: true },
    { title: 'WKR', width: 3 },
    { title: 'TIME', width: 6, align: 'right' },
  ],
  rows: buildRows,
  summary: ({ snapshot: s }) => {
    const building = s.trunk.queue.filter((q) => q.state === 'BUILDING').length;
    return `${building} building · ${s.trunk.queue.length - building} queued · ${s.trunk.recent.length} recent`;
  },
};

export const PACKAGES_LIST: ListSpec<BuildTarget> = {
  id: 'trunk.packages',
  title: 'Packages',
  columns: [
    { title: 'PACKAGE', width: 26, flex: true, max: 34 },
    { title: 'STATUS', width: 10 },
    { title: 'BUILT', width: 8 },
    { title: 'FIRST FAILURE', width: 14 },
    { title: 'LAST OK', width: 7, align: 'right' },
    { title: 'VERSION / NOTE', width: 8, flex: true },
  ],
  rows: packageRows,
  summary: ({ snapshot: s }) => {
    const failing = s.trunk.packages.filter((p) => p.status === 'FAILED').length;
    const skipped = s.trunk.packages.filter((p) => p.skipped).length;
    return `${s.trunk.packages.length} packages · ${failing} failing · ${skipped} skipped`;
  },
};

/** `current → a1b2c3d4_5e6f7a8b (pkg-a)` for each link the trunk moves. */
export function linkSummary(snapshot: EngineSnapshot): string {
  const parts = ['current', 'consistent'].map((name) => {
    const target = snapshot.trunk.links[name];
    if (!target) return `${name} → (none)`;
    const leaf = target.split('/').pop() ?? target;
    const [hash = '', dh = ''] = leaf.split('_');
    const pkg = snapshot.trunk.recent.find((b) => b.commitHash === hash)?.package;
    return `${name} → ${shortHash(hash)}_${dh.slice(0, 8)}${pkg ? ` (${pkg})` : ''}`;
  });
  return parts.join('   ');
}
