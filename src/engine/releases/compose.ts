import { copyFileSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runTool } from '../run-tool.js';

/** Where a compose of a release goes: `<data>/releases/<release>/composes/<stamp>/`, flat RPMs and repodata. */
export function composeDir(dataDir: string, release: string, stamp: string): string {
  return join(dataDir, 'releases', release, 'composes', stamp);
}

/**
 * Puts exactly these RPMs (nothing else: a trimmed repo) in a new directory with createrepo_c metadata, built
 * beside it and renamed into place. `copy` copies instead of hard-linking (files that will be signed in place).
 */
export async function composeRepo(dir: string, rpms: readonly string[], options: { copy: boolean; logFile: string }): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const rpm of rpms) {
      const to = join(tmp, basename(rpm));
      if (options.copy) copyFileSync(rpm, to);
      else {
        try {
          linkSync(rpm, to);
        } catch {
          copyFileSync(rpm, to);
        }
      }
    }
    await createrepo(tmp, options.logFile);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export async function createrepo(dir: string, logFile: string): Promise<void> {
  await runTool('createrepo_c', ['--quiet', '--no-database', dir], { cwd: dir, timeoutMs: 600_000, check: true, logFile, keepOnStop: true });
}

/** The RPM files of a flat repo directory, sorted. */
export function rpmsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rpm'))
    .sort()
    .map((f) => join(dir, f));
}

export interface ClosureResult {
  pass: boolean;
  /** `<package NEVRA>: <unresolved dependency>` each. */
  unresolved: string[];
}

/** `dnf repoclosure` on the repo alone (no system repos): what it leaves unresolved. */
export async function repoclosure(dir: string, cacheDir: string, logFile: string): Promise<ClosureResult> {
  mkdirSync(cacheDir, { recursive: true });
  const r = await runTool(
    'dnf',
    [
      'repoclosure',
      '--quiet',
      '--releasever=9',
      '--setopt=reposdir=/nonexistent',
      `--setopt=cachedir=${cacheDir}`,
      '--repofrompath',
      `id,${dir}`,
      '--repo',
      'id',
    ],
    { cwd: dir, timeoutMs: 600_000, logFile, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cacheDir } },
  );
  const unresolved = parseRepoclosure(r.stdout);
  if (r.exitCode === 0 && unresolved.length === 0) return { pass: true, unresolved };
  return {
    pass: false,
    unresolved: unresolved.length ? unresolved : [`repoclosure exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`],
  };
}

/** `package: x-1-1.noarch from id` / `unresolved deps:` / `  dep` blocks → `x-1-1.noarch: dep`. */
export function parseRepoclosure(out: string): string[] {
  const found: string[] = [];
  let pkg: string | null = null;
  let inDeps = false;
  for (const line of out.split('\n')) {
    const p = /^package:\s+(\S+)/.exec(line);
    if (p) {
      pkg = p[1]!;
      inDeps = false;
    } else if (/^\s*unresolved deps/.test(line)) inDeps = true;
    else if (inDeps && pkg && line.trim() !== '') found.push(`${pkg}: ${line.trim()}`);
  }
  return found;
}
