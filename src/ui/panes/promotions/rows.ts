import type { CandidateReport, LabelSummary, LabelsView } from '../../../engine/client/index.js';
import { ago } from '../../format.js';
import { shortRepoHash, verdictCell } from '../pipeline-status.js';
import type { ListRow, ListSpec, PaneData } from '../types.js';

/** A selected row of the Promotions pane. */
export type PromotionsTarget = { kind: 'label'; label: LabelSummary } | { kind: 'candidate'; label: LabelSummary; candidate: CandidateReport };

/** Each label of the chain: what it holds, since when, what it held before, how many candidates wait. */
export function labelRows({ views }: PaneData, now: number): ListRow<PromotionsTarget>[] {
  return (views['promotions.labels']?.labels ?? []).map((l) => ({
    key: `l${l.label}`,
    ...(l.repoHash ? { copy: l.repoHash } : {}),
    cells: [l.label, shortRepoHash(l.repoHash), ago(l.since, now), shortRepoHash(l.previous), String(l.candidates.length)],
    target: { kind: 'label', label: l },
  }));
}

/** The candidates of every label (newest first per label), with passed and missing jobs. */
export function candidateRows({ views }: PaneData): ListRow<PromotionsTarget>[] {
  return (views['promotions.labels']?.labels ?? []).flatMap((l) =>
    l.candidates.map((c): ListRow<PromotionsTarget> => ({
      key: `c${l.label}/${c.repoHash}`,
      copy: c.repoHash,
      cells: [l.label, shortRepoHash(c.repoHash), verdictCell(c), c.passed.join(' ') || '-', c.missing.join(' ') || '-'],
      target: { kind: 'candidate', label: l, candidate: c },
    })),
  );
}

export const LABELS_LIST: ListSpec<PromotionsTarget> = {
  id: 'promotions.labels',
  title: 'Labels',
  columns: [
    { title: 'LABEL', width: 18, flex: true },
    { title: 'HOLDS', width: 17 },
    { title: 'SINCE', width: 10, align: 'right' },
    { title: 'PREVIOUS', width: 17 },
    { title: 'WAITING', width: 7, align: 'right' },
  ],
  rows: labelRows,
  summary: ({ views }) => `${views['promotions.labels']?.labels.length ?? 0} labels in chain order`,
};

export const CANDIDATES_LIST: ListSpec<PromotionsTarget> = {
  id: 'promotions.candidates',
  title: 'Candidates',
  columns: [
    { title: 'LABEL', width: 18 },
    { title: 'CANDIDATE', width: 17 },
    { title: 'VERDICT', width: 12 },
    { title: 'PASSED', width: 8, flex: true },
    { title: 'MISSING', width: 12, flex: true },
  ],
  rows: candidateRows,
  summary: ({ views }) => {
    const all = (views['promotions.labels']?.labels ?? []).flatMap((l) => l.candidates);
    return `${all.length} candidate${all.length === 1 ? '' : 's'} · ${all.filter((c) => c.promotable).length} promotable`;
  },
};

/** The line above the lists: whether the promoter runs, and what its last pass did. */
export function promoterSummary(p: LabelsView | undefined, now: number): string {
  if (!p) return 'loading the promotion chain…';
  if (p.labels.length === 0) return 'no promotion chain configured (config/pipeline.yml has no promotions:)';
  const state = p.promoter.running ? '▶ promoter running' : '· promoter idle';
  const last = p.promoter.lastPass;
  if (!last) return `${state} · no pass yet`;
  const what = last.aborted
    ? `aborted: ${last.aborted}`
    : last.promoted.length
      ? `promoted ${last.promoted.map((m) => `${m.label} → ${shortRepoHash(m.to)}`).join(', ')}`
      : 'nothing to promote';
  return `${state} · last pass ${ago(last.at, now)}${last.dryRun ? ' (dry run)' : ''}: ${what}`;
}
