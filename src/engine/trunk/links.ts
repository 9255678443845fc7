import { lstatSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { join, resolve, relative, isAbsolute } from 'node:path';

export const SYSTEM_LINKS = ['current', 'consistent'] as const;
const LINK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a label name is unacceptable, or null. Labels live directly under repos/ and never leave it. */
export function labelNameProblem(name: string): string | null {
  if (!LINK_NAME.test(name) || name.includes('..')) return `label ${JSON.stringify(name)} must match [A-Za-z0-9][A-Za-z0-9._-]* and stay inside the repo root`;
  if (name.endsWith('.tmp')) return `label ${JSON.stringify(name)} must not end with .tmp`;
  return null;
}

/** The hashed repo path (relative to repos/) a link points at, or null when there is no such link. */
export function readLink(reposDir: string, name: string): string | null {
  try {
    return readlinkSync(join(reposDir, name));
  } catch {
    return null;
  }
}

/** Atomically points `repos/<name>` at `target` (a path relative to repos/); returns the previous target. */
export function moveLink(reposDir: string, name: string, target: string): string | null {
  const problem = labelNameProblem(name);
  if (problem) throw new Error(problem);
  const abs = resolve(reposDir, target);
  const rel = relative(reposDir, abs);
  if (isAbsolute(target) || rel.startsWith('..') || !existsSync(join(abs, 'repodata', 'repomd.xml'))) {
    throw new Error(`refusing to point ${name} at ${target}: not a complete repository under ${reposDir}`);
  }
  const previous = readLink(reposDir, name);
  const tmp = join(reposDir, `${name}.tmp`);
  rmSync(tmp, { force: true });
  symlinkSync(rel, tmp);
  renameSync(tmp, join(reposDir, name));
  return previous;
}

/** Every link at the root of repos/ with its target. */
export function listLinks(reposDir: string): Map<string, string> {
  const links = new Map<string, string>();
  if (!existsSync(reposDir)) return links;
  for (const e of readdirSync(reposDir, { withFileTypes: true })) {
    if (e.isSymbolicLink() && !e.name.endsWith('.tmp')) links.set(e.name, readlinkSync(join(reposDir, e.name)));
  }
  return links;
}

/** Leftover `*.tmp` links from an interrupted move; the real link was never touched. */
export function removeStaleLinkTemps(reposDir: string): string[] {
  if (!existsSync(reposDir)) return [];
  const stale = readdirSync(reposDir).filter((n) => n.endsWith('.tmp') && lstatSync(join(reposDir, n)).isSymbolicLink());
  for (const n of stale) rmSync(join(reposDir, n), { force: true });
  return stale;
}
