import type { Explanation, PackageChange, RepoDiff, VersionEntry } from '../engine/client/index.js';
import { shortRepoHash, verdictSymbol } from './panes/pipeline-status.js';
import type { Tone } from './theme.js';

/** One line of a detail view; the tone is decoration only, the words carry the meaning. */
export interface ToneLine {
  text: string;
  tone: Tone;
}

// An empty line would take no row on screen.
const line = (text: string, tone: Tone = 'plain'): ToneLine => ({ text: text || ' ', tone });
const list = (names: readonly string[]) => (names.length ? names.join(', ') : '(none)');

/** "Why is this hash not promoted?": the verdict, the criteria and each job's part, then the blockers. */
export function explainLines(e: Explanation): ToneLine[] {
  const lines = [
    e.promotable
      ? line(`${verdictSymbol('promotable')} the promoter would move ${e.label} to ${shortRepoHash(e.repoHash)}`, 'ok')
      : line(`${verdictSymbol('blocked')} ${shortRepoHash(e.repoHash)} is not promotable to ${e.label}`, 'bad'),
    line(`${e.label} holds ${shortRepoHash(e.holds)}${e.candidateLabel ? `; its candidates come from ${e.candidateLabel}` : ''}`, 'muted'),
    line(`criteria:    ${list(e.criteria)}`),
    line(`✓ passed:    ${list(e.passed.map((c) => (e.satisfiedBy[c] && e.satisfiedBy[c] !== c ? `${c} (by ${e.satisfiedBy[c]})` : c)))}`, 'ok'),
    line(`· missing:   ${list(e.missing)}`, e.missing.length ? 'warn' : 'plain'),
    ...e.causes.map((c) => line(`    ${c.job}: ${c.cause}`, c.rerun ? 'warn' : 'busy')),
    line(`✗ failed:    ${list(e.failed)}`, e.failed.length ? 'bad' : 'plain'),
    line(`▶ running:   ${list(e.inProgress)}`, e.inProgress.length ? 'busy' : 'plain'),
    line(''),
    line(e.blockers.length ? 'Blockers:' : 'Blockers: none', 'accent'),
    ...e.blockers.map((b) => line(`  ⊘ ${b}`, 'bad')),
    line(''),
    line(`Votes on ${shortRepoHash(e.repoHash)} (latest per job):`, 'accent'),
    ...(e.votes.length
      ? e.votes.map((v) =>
          line(
            `  ${v.latest === 'success' ? '✓' : v.latest === 'failure' ? '✗' : '▶'} ${v.job.padEnd(20)} ${v.latest}${v.passed && v.latest !== 'success' ? ' (passed earlier)' : ''}`,
            v.latest === 'success' ? 'ok' : v.latest === 'failure' ? 'bad' : 'busy',
          ),
        )
      : [line('  (no votes yet)', 'muted')]),
  ];
  if (!e.manualAllowed) lines.push(line(''), line('A manual promote would be refused as well.', 'warn'));
  else if (!e.promotable) lines.push(line(''), line('A manual promote (P on the pane) is possible after confirming.', 'muted'));
  return lines;
}

/** A version as the diff shows it: the NVR without the package name, else the commit. */
function version(v: VersionEntry | null, pkg: string): string {
  if (!v) return '(none)';
  if (!v.nvr) return shortRepoHash(v.commitHash);
  return v.nvr.startsWith(`${pkg}-`) ? v.nvr.slice(pkg.length + 1) : v.nvr;
}

/** The packages and versions that change: changed (from → to), added, removed; two lines each to fit 80 columns. */
export function diffLines(d: RepoDiff): ToneLine[] {
  const rows = (mark: string, c: PackageChange, tone: Tone) => [
    line(`  ${mark} ${c.package}`, tone),
    line(`      ${version(c.from, c.package)} → ${version(c.to, c.package)}`),
    ...(c.commits ?? []).map((k) =>
      line(`      • ${k.commitHash.slice(0, 8)} “${k.subject}” — ${k.author.replace(/\s*<[^>]*>$/, '')} · distgit ${k.distroHash.slice(0, 8)}`, 'muted'),
    ),
  ];
  const section = (title: string, mark: string, changes: readonly PackageChange[], tone: Tone): ToneLine[] =>
    changes.length ? [line(`${title} (${changes.length}):`, 'accent'), ...changes.flatMap((c) => rows(mark, c, tone))] : [];
  return [
    line(`${d.changed.length} changed · ${d.added.length} added · ${d.removed.length} removed · ${d.unchanged} unchanged`, 'muted'),
    ...section('Changed', '~', d.changed, 'plain'),
    ...section('Added', '+', d.added, 'ok'),
    ...section('Removed', '-', d.removed, 'bad'),
    ...(d.changed.length + d.added.length + d.removed.length === 0 ? [line('no package changes', 'muted')] : []),
  ];
}
