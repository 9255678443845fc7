import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, resolve } from 'node:path';

/** Where a snapshot keeps the database copy, its manifest and the config directory (relative to the data dir). */
export const STAGE_DIR = join('tmp', 'backup-stage');
export const DB_FILE = 'trunk.db';
export const MANIFEST_FILE = 'manifest.json';
export const CONFIG_DIR = 'config';

/** What a backup leaves out, because the engine makes it again (named in the pane). */
export const REBUILDABLE = ['hashed repos no label holds (rebuilt by the trunk)', 'logs/', 'sources/ (git clones)', 'tmp/'] as const;

/** The links at the top of repos/ (current, consistent, labels, previous-*) and the hashed repo each holds. */
export function labelTargets(reposDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  let names: string[];
  try {
    names = readdirSync(reposDir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = join(reposDir, name);
    if (!lstatSync(p).isSymbolicLink()) continue;
    const target = readlinkSync(p);
    const rel = relative(reposDir, resolve(reposDir, target));
    if (isAbsolute(rel) || rel.startsWith('..') || rel === '') continue;
    out[name] = normalize(rel);
  }
  return out;
}

/** Paths (relative to the data dir) restic is given: the staged database and config, the links and their repos. */
export function backupPaths(labels: Record<string, string>): string[] {
  const repos = new Set(Object.values(labels));
  return [STAGE_DIR, ...Object.keys(labels).map((n) => join('repos', n)), ...[...repos].sort().map((r) => join('repos', r))];
}
