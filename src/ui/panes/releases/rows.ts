import type { ReleaseStatus, TagBuildView } from '../../../engine/client/index.js';
import { ago } from '../../format.js';
import type { Cell, ListRow, ListSpec, PaneData } from '../types.js';

/** A selected row of the Releases pane: a tag of a release, or one build in a tag. */
export type ReleasesTarget = { kind: 'tag'; release: string; tag: string } | { kind: 'build'; release: string; tag: string; build: TagBuildView };

const view = (data: PaneData): ReleaseStatus[] => (data.views['releases.list'] as ReleaseStatus[] | undefined) ?? [];

function word(state: string): Cell {
  if (state === 'pass' || state === 'yes') return { text: `✓ ${state}`, tone: 'ok' };
  if (state === 'fail') return { text: '✗ fail', tone: 'bad' };
  if (state === 'pending') return { text: '▶ pending', tone: 'busy' };
  return { text: `· ${state}`, tone: 'muted' };
}

export function tagRows(data: PaneData): ListRow<ReleasesTarget>[] {
  return view(data).flatMap((r) =>
    r.tags.map((t) => ({
      key: t.tag,
      cells: [
        t.tag,
        String(t.builds),
        t.missing.length ? { text: `✗ ${t.missing.length} missing`, tone: 'warn' as const } : { text: '✓ complete', tone: 'ok' as const },
        t.missing.join(', ') || '-',
      ],
      target: { kind: 'tag' as const, release: r.release, tag: t.tag },
    })),
  );
}

export function buildRows(data: PaneData, now: number): ListRow<ReleasesTarget>[] {
  return view(data).flatMap((r) =>
    r.tags.flatMap((t) =>
      t.content.map((b) => ({
        key: `${t.tag} ${b.nvr}`,
        copy: b.nvr,
        cells: [b.nvr, b.upstreamTag, b.taggedBy, ago(b.taggedAt, now)],
        target: { kind: 'build' as const, release: r.release, tag: t.tag, build: b },
      })),
    ),
  );
}

export const TAGS_LIST: ListSpec<ReleasesTarget> = {
  id: 'releases.tags',
  title: 'Tags',
  columns: [
    { title: 'TAG', width: 16 },
    { title: 'BUILDS', width: 6, align: 'right' },
    { title: 'STATE', width: 12 },
    { title: 'MISSING', width: 12, flex: true },
  ],
  rows: tagRows,
  summary: (data) => `${view(data).length} release(s)`,
};

export const BUILDS_LIST: ListSpec<ReleasesTarget> = {
  id: 'releases.builds',
  title: 'Builds in the selected tag',
  columns: [
    { title: 'NVR', width: 24, flex: true },
    { title: 'UPSTREAM', width: 9 },
    { title: 'BY', width: 10, flex: true, max: 16 },
    { title: 'WHEN', width: 8 },
  ],
  rows: buildRows,
  follows: (row, tag) => row.kind === 'build' && tag.kind === 'tag' && row.tag === tag.tag,
  summary: () => 'newest NVR per package',
};

/** One line per release: closure, gate, signing and publication, each with a word and a symbol. */
export function releasesHeading(data: PaneData): string {
  const rs = view(data);
  if (rs.length === 0) return 'no release in rdoinfo.yml';
  const text = (c: Cell) => (typeof c === 'string' ? c : c.text);
  return rs
    .map(
      (r) =>
        `${r.release}: closure ${text(word(r.closure))} · gate ${text(word(r.gate))} · signed ${r.signed ? '✓ yes' : '· no'} · published ${r.published ? '✓ yes' : '· no'}`,
    )
    .join('  |  ');
}
