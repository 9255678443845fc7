import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VersionEntry {
  package: string;
  commitHash: string;
  distroHash: string;
  nvr: string;
}

export interface PackageChange {
  package: string;
  from: VersionEntry | null;
  to: VersionEntry | null;
  /** For a changed package: the upstream and distgit commits it brought, newest first (as far as the trunk saw them). */
  commits?: CommitLine[];
}

export interface CommitLine {
  commitHash: string;
  distroHash: string;
  subject: string;
  author: string;
}

export interface RepoDiff {
  added: PackageChange[];
  removed: PackageChange[];
  changed: PackageChange[];
  unchanged: number;
}

/** The rows of a versions.csv (DLRN's columns; quoted fields allowed). */
export function parseVersionsCsv(text: string): VersionEntry[] {
  const [header, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  if (!header) return [];
  const cols = splitCsv(header);
  const at = (name: string) => cols.indexOf(name);
  const [p, c, d, n] = [at('Project'), at('Source Sha'), at('Dist Sha'), at('Pkg NVR')];
  return lines.map((line) => {
    const f = splitCsv(line);
    return { package: f[p] ?? '', commitHash: f[c] ?? '', distroHash: f[d] ?? '', nvr: n >= 0 ? (f[n] ?? '') : '' };
  });
}

/** Packages and versions that change from one versions.csv to another. */
export function diffVersions(from: readonly VersionEntry[], to: readonly VersionEntry[]): RepoDiff {
  const a = new Map(from.map((e) => [e.package, e]));
  const b = new Map(to.map((e) => [e.package, e]));
  const diff: RepoDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) diff.removed.push({ package: name, from: x, to: null });
    else if (x.commitHash !== y.commitHash || x.distroHash !== y.distroHash || x.nvr !== y.nvr) diff.changed.push({ package: name, from: x, to: y });
    else diff.unchanged++;
  }
  for (const [name, y] of b) if (!a.has(name)) diff.added.push({ package: name, from: null, to: y });
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort((l, r) => l.package.localeCompare(r.package));
  return diff;
}

/** The diff between two hashed repos (paths relative to repos/, e.g. what a label holds and a candidate). */
export function diffRepos(reposDir: string, pathA: string, pathB: string): RepoDiff {
  for (const p of [pathA, pathB]) if (p.startsWith('/') || p.split('/').includes('..')) throw new Error(`${JSON.stringify(p)} is not a repo path under repos/`);
  const read = (p: string) => parseVersionsCsv(readFileSync(join(reposDir, p, 'versions.csv'), 'utf8'));
  return diffVersions(read(pathA), read(pathB));
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((cur += '"'), i++);
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (out.push(cur), (cur = ''));
    else cur += ch;
  }
  out.push(cur);
  return out;
}
