import { ago, textTable } from '../text-table.js';
import type { LabelsView } from './labels-view.js';
import type { PromotionEntry } from './promotions-list.js';

/** `rdo-console promotions`. */
export function promotionsText(rows: PromotionEntry[]): string {
  return textTable(
    ['WHEN', 'LABEL', 'REPO HASH', 'PREVIOUS', 'BY'],
    rows.map((p) => [new Date(p.timestamp).toISOString().replace(/\.\d+Z$/, 'Z'), p.promote_name, p.repo_hash, p.previous_hash ?? '-', p.user]),
  );
}

/** `rdo-console labels`: the chain, what each label holds and what its candidates miss. */
export function labelsText(v: LabelsView): string {
  if (v.labels.length === 0) return 'no promotion chain configured (pipeline.yml has no promotions:)';
  const lines: string[] = [];
  for (const l of v.labels) {
    lines.push(
      `${l.label} <- ${l.candidateLabel}: holds ${l.repoHash ?? '(nothing)'}${l.since ? ` since ${ago(l.since)}` : ''}; criteria ${l.criteria.join(', ')}`,
    );
    if (l.candidates.length === 0) lines.push('  no candidates newer than what it holds');
    else
      lines.push(
        ...textTable(
          ['CANDIDATE', 'PASSED', 'MISSING', ''],
          l.candidates.map((c) => [
            c.repoHash,
            c.passed.join(',') || '-',
            c.missing.join(',') || '-',
            c.promotable ? 'promotable' : c.blockers.join('; ') || 'waiting',
          ]),
        )
          .split('\n')
          .map((line) => `  ${line}`),
      );
  }
  return lines.join('\n');
}
