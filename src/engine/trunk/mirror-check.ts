import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Infix of a clone in progress beside its mirror: `upstream.git.clone-<pid>`. */
export const TEMP_CLONE_MARK = '.clone-';

/**
 * A mirror is whole when it has HEAD, objects/, refs/ and an origin with a URL and a fetch refspec: what
 * `git clone --mirror` writes last. A clone killed before that (or an empty `git init --bare`) is not.
 */
export function isSaneMirror(dir: string): boolean {
  try {
    if (!statSync(join(dir, 'objects')).isDirectory() || !statSync(join(dir, 'refs')).isDirectory()) return false;
    if (!statSync(join(dir, 'HEAD')).isFile()) return false;
    const origin = /\[remote "origin"\]([^[]*)/.exec(readFileSync(join(dir, 'config'), 'utf8'))?.[1] ?? '';
    return /^\s*url = .+$/m.test(origin) && /^\s*fetch = .+$/m.test(origin);
  } catch {
    return false;
  }
}

/** When this process started: a lock file older than that has no live git of ours behind it. */
function processStart(): number {
  return Date.now() - process.uptime() * 1000;
}

/**
 * Removes git lock files (`*.lock`) left in a mirror by a killed git. Only one engine works on a data
 * directory (its lock), and every git it runs started after it did, so a lock older than the engine is stale.
 */
export function removeStaleLocks(dir: string, olderThan: number = processStart()): string[] {
  const removed: string[] = [];
  const walk = (d: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) {
        if (depth < 8 && e.name !== 'objects') walk(path, depth + 1);
      } else if (e.name.endsWith('.lock')) {
        try {
          if (statSync(path).mtimeMs < olderThan) {
            rmSync(path, { force: true });
            removed.push(path);
          }
        } catch {
          // Gone already: its git finished.
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir, 0);
  return removed;
}

/** Recovery of `sources/`: clones a killed engine left half-made go, and so do stale lock files in mirrors. */
export function recoverSources(sourcesDir: string): { tempClones: number; locks: string[] } {
  let tempClones = 0;
  const locks: string[] = [];
  if (!existsSync(sourcesDir)) return { tempClones, locks };
  for (const pkg of readdirSync(sourcesDir)) {
    const pkgDir = join(sourcesDir, pkg);
    let entries: string[];
    try {
      entries = readdirSync(pkgDir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.includes(TEMP_CLONE_MARK)) {
        rmSync(join(pkgDir, entry), { recursive: true, force: true });
        tempClones++;
      } else if (entry.endsWith('.git')) {
        locks.push(...removeStaleLocks(join(pkgDir, entry)));
      }
    }
  }
  return { tempClones, locks };
}
