import type { DemoGaResult } from '../demo/ga.js';
import type { BuildSummary, BranchOutcome, PackageReqcheck } from './runtime.js';
import type { ReleaseStatus, TagView } from './view.js';

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');

export function branchText(b: BranchOutcome): string {
  return `release ${b.release}: ${b.created.length} branch(es) created (${list(b.created)}), ${b.existing.length} already there`;
}

export function reqcheckText(r: PackageReqcheck[]): string {
  return r
    .map((p) => `${p.package}: ${p.note ?? (p.missing.length || p.excess.length ? `missing ${list(p.missing)}; excess ${list(p.excess)}` : 'in sync')}`)
    .join('\n');
}

export function buildText(s: BuildSummary): string {
  const lines = [`release ${s.release}: ${s.built.length} built, ${s.upToDate.length} up to date, ${s.failed.length} failed`];
  for (const f of s.failed) lines.push(`  FAILED ${f.nvr}: ${f.error}`);
  if (s.noTag.length) lines.push(`  no upstream release tag yet: ${list(s.noTag)}`);
  if (s.unbranched.length) lines.push(`  no release distgit branch (run the branching checklist or release.branch): ${list(s.unbranched)}`);
  return lines.join('\n');
}

export function tagText(v: TagView): string {
  const rows = v.builds.map((b) => `${b.nvr.padEnd(56)} ${b.taggedBy} ${new Date(b.taggedAt).toISOString()}`);
  return [`${v.tag}: ${v.builds.length} package(s)`, ...rows].join('\n');
}

/** Which packages a tag lacks; all of them is said as such rather than listed again for every tag. */
const missingText = (missing: readonly string[], packages: number) =>
  missing.length === 0 ? '' : missing.length === packages && packages > 1 ? `, missing all ${packages}` : `, missing: ${list(missing)}`;

export function statusText(s: ReleaseStatus): string {
  return [
    `release ${s.release} (${s.status ?? 'no status'}, distgit ${s.distgitBranch}${s.gaDate ? `, GA ${s.gaDate}` : ''}): ${s.packages} package(s)`,
    ...s.tags.map((t) => `  ${t.tag.padEnd(24)} ${String(t.builds).padStart(4)} build(s)${missingText(t.missing, s.packages)}`),
    `  closure: ${s.closure}${s.unresolved.length ? ` (${s.unresolved.join('; ')})` : ''}`,
    `  gate: ${s.gate}${s.gateJobs.length ? ` (${s.gateJobs.map((j) => `${j.job} ${j.state}`).join(', ')})` : ''}`,
    `  signed: ${s.signed ? 'yes' : 'no'}; published: ${s.published ? `compose #${s.published.composeId} at ${new Date(s.published.at).toISOString()}` : 'no'}`,
    ...(s.builds.failed.length ? [`  failed builds: ${s.builds.failed.map((f) => `${f.nvr} (${f.error})`).join('; ')}`] : []),
  ].join('\n');
}

/** What `demo ga` did: the branches it had to create first, the tags made now, the late ones and when they come. */
export function demoGaText(r: DemoGaResult, branched: BranchOutcome): string {
  const lines: string[] = [];
  if (branched.created.length)
    lines.push(
      `${r.release} was not branched yet: created ${branched.created.length} release distgit branch(es) first (what the branching checklist does at milestone 3)`,
    );
  lines.push(`upstream GA of ${r.release}: ${r.tagged.length} release tag(s) created (${r.tagged.map((t) => `${t.package} ${t.tag}`).join(', ')})`);
  for (const l of r.late) lines.push(`late: ${l.package} has ${l.rc} now; ${l.tag} comes at ${new Date(l.due).toISOString()} (created by the running engine)`);
  return lines.join('\n');
}
