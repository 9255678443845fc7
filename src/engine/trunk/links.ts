import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { join, resolve, relative, isAbsolute } from 'node:path';

export const SYSTEM_LINKS = ['current', 'consistent'] as const;
const LINK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Names the repos/ layout itself uses: hash prefix directories and the files DLRN keeps beside them. */
const HASH_PREFIX_DIR = /^[0-9a-f]{2}$/;
const RESERVED_NAMES = new Set(['repodata', 'status_report.csv', 'status_report.html', 'report.html', 'component', 'aggregates']);
/** A link being moved: `<name>.tmp` (older releases) or `<name>.tmp-<pid>-<random>`. */
const LINK_TEMP = /\.tmp(-\d+-[0-9a-f]+)?$/;

function isLinkTemp(name: string): boolean {
  return LINK_TEMP.test(name);
}

/** Whether a temp link belongs to another live process that may be renaming it into place right now. */
function movingNow(name: string): boolean {
  const pid = Number(LINK_TEMP.exec(name)?.[1]?.split('-')[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a label name is unacceptable, or null. Labels live directly under repos/ and never leave it. */
export function labelNameProblem(name: string): string | null {
  if (!LINK_NAME.test(name) || name.includes('..')) return `label ${JSON.stringify(name)} must match [A-Za-z0-9][A-Za-z0-9._-]* and stay inside the repo root`;
  if (name.includes('.tmp')) return `label ${JSON.stringify(name)} must not contain .tmp`;
  if (HASH_PREFIX_DIR.test(name)) return `label ${JSON.stringify(name)} collides with a hash prefix directory under repos/`;
  if (RESERVED_NAMES.has(name)) return `label ${JSON.stringify(name)} collides with ${name} under repos/`;
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

/**
 * Atomically points `repos/<name>` at `target` (a path relative to repos/); returns the previous target. The
 * target must hold `marker` (a hashed repo's metadata; an aggregate's md5 file).
 */
export function moveLink(reposDir: string, name: string, target: string, marker = join('repodata', 'repomd.xml')): string | null {
  const problem = labelNameProblem(name);
  if (problem) throw new Error(problem);
  const abs = resolve(reposDir, target);
  const rel = relative(reposDir, abs);
  if (isAbsolute(target) || rel.startsWith('..') || !existsSync(join(abs, marker))) {
    throw new Error(`refusing to point ${name} at ${target}: not a complete repository under ${reposDir}`);
  }
  const path = join(reposDir, name);
  let existing;
  try {
    existing = lstatSync(path);
  } catch {
    existing = null;
  }
  if (existing && !existing.isSymbolicLink()) throw new Error(`refusing to move ${name}: ${path} exists and is not a link`);
  const previous = readLink(reposDir, name);
  // Unique per process and call: two processes moving the same label never share a temp link.
  const tmp = join(reposDir, `${name}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  symlinkSync(rel, tmp);
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return previous;
}

/** Every link at the root of repos/ with its target. */
export function listLinks(reposDir: string): Map<string, string> {
  const links = new Map<string, string>();
  if (!existsSync(reposDir)) return links;
  for (const e of readdirSync(reposDir, { withFileTypes: true })) {
    if (e.isSymbolicLink() && !isLinkTemp(e.name)) links.set(e.name, readlinkSync(join(reposDir, e.name)));
  }
  return links;
}

/** Leftover temp links (`*.tmp`, `*.tmp-<pid>-<random>`) from an interrupted move; the real link was never touched. */
export function removeStaleLinkTemps(reposDir: string): string[] {
  if (!existsSync(reposDir)) return [];
  const stale = readdirSync(reposDir).filter((n) => isLinkTemp(n) && !movingNow(n) && lstatSync(join(reposDir, n)).isSymbolicLink());
  for (const n of stale) rmSync(join(reposDir, n), { force: true });
  return stale;
}
