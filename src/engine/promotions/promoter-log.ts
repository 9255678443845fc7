import { repoHashOf } from '../trunk/hashed-path.js';
import type { PassReport } from './promoter.js';

/** A promoter pass as text: per target, a table of candidates with passed and missing jobs. */
export function formatPass(r: PassReport): string {
  const lines = [`${new Date(r.at).toISOString()} promoter pass by ${r.actor}${r.dryRun ? ' (dry run: nothing moved)' : ''}`];
  for (const t of r.targets) {
    lines.push(`  ${t.label} <- ${t.candidateLabel}: holds ${t.holds ? repoHashOf(t.holds) : '(nothing)'}; criteria ${t.criteria.join(', ')}`);
    if (t.candidates.length === 0) lines.push('    no candidates newer than what it holds');
    const rows = t.candidates.map((c) => [
      c.repoHash,
      c.passed.join(',') || '-',
      c.missing.join(',') || '-',
      c.path === t.chosen ? (r.dryRun ? 'would promote' : 'PROMOTED') : c.blockers.join('; ') || (c.promotable ? 'promotable' : 'waiting'),
    ]);
    if (rows.length) lines.push(...table(['CANDIDATE', 'PASSED', 'MISSING', ''], rows).map((l) => `    ${l}`));
  }
  if (r.aborted) lines.push(`  ABORTED: ${r.aborted}`);
  return `${lines.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows].map((cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}
