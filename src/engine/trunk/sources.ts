import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { git } from '../git.js';
import type { PackageConfig } from '../config/load.js';
import { insideOrThrow } from '../inside-dir.js';
import { isSaneMirror, removeStaleLocks, TEMP_CLONE_MARK } from './mirror-check.js';

export interface UpstreamCommit {
  hash: string;
  time: number;
  author: string;
  subject: string;
}

/** Local bare mirrors of a package's upstream and distgit repositories, under `<data>/sources/<package>/`. */
export class PackageSources {
  readonly upstreamDir: string;
  readonly distgitDir: string;

  constructor(
    readonly pkg: PackageConfig,
    sourcesRoot: string,
  ) {
    const pkgDir = insideOrThrow(sourcesRoot, join(sourcesRoot, pkg.name));
    this.upstreamDir = join(pkgDir, 'upstream.git');
    this.distgitDir = join(pkgDir, 'distgit.git');
  }

  /** Clones or fetches both repositories; throws a ToolError naming the URL that did not answer. */
  async fetch(): Promise<void> {
    await mirror(this.pkg.upstream, this.upstreamDir);
    await mirror(this.pkg.distgit, this.distgitDir);
  }

  /** First-parent commits after `after` (oldest first), or only the newest one when `after` is null or unknown. */
  async newCommits(after: string | null): Promise<UpstreamCommit[]> {
    const ref = `refs/heads/${this.pkg.upstreamBranch}`;
    if (after) {
      try {
        return parseLog(await git(this.upstreamDir, ['log', '--first-parent', '--reverse', `--format=${LOG_FORMAT}`, `${after}..${ref}`, '--']));
      } catch {
        // The last commit seen is gone (history rewritten): start again from the newest.
      }
    }
    return parseLog(await git(this.upstreamDir, ['log', '-1', `--format=${LOG_FORMAT}`, ref, '--']));
  }

  async distgitHead(): Promise<UpstreamCommit> {
    const [head] = parseLog(await git(this.distgitDir, ['log', '-1', `--format=${LOG_FORMAT}`, `refs/heads/${this.pkg.distgitBranch}`, '--']));
    if (!head) throw new Error(`distgit ${this.pkg.distgit} has no commit on branch ${this.pkg.distgitBranch}`);
    return head;
  }

  /** Newest tag reachable from each commit, found in one git run for all of them (discovery asks ahead). */
  async describe(commits: readonly string[]): Promise<void> {
    if (commits.length === 0) return;
    try {
      const tags = (await git(this.upstreamDir, ['describe', '--tags', '--abbrev=0', ...commits])).split('\n');
      commits.forEach((c, i) => this.tags.set(c, tags[i]?.trim() || null));
    } catch {
      // Some commit has no tag at all: each is then described on its own when built.
    }
  }

  async upstreamTag(commit: string): Promise<string | null> {
    const known = this.tags.get(commit);
    if (known !== undefined) return known;
    try {
      return (await git(this.upstreamDir, ['describe', '--tags', '--abbrev=0', commit])).trim() || null;
    } catch {
      return null;
    }
  }

  private readonly tags = new Map<string, string | null>();
  /** A distgit commit's spec never changes, so it is read once. */
  private readonly specs = new Map<string, Promise<{ file: string; text: string }>>();

  async archive(commit: string, prefix: string, outFile: string): Promise<void> {
    await git(this.upstreamDir, ['archive', '--format=tar.gz', `--prefix=${prefix}/`, '-o', outFile, commit]);
  }

  /** The spec at a distgit commit; an error names the distgit when it has none. */
  spec(distroHash: string): Promise<{ file: string; text: string }> {
    let spec = this.specs.get(distroHash);
    if (!spec) {
      spec = this.readSpec(distroHash);
      spec.catch(() => this.specs.delete(distroHash));
      this.specs.set(distroHash, spec);
    }
    return spec;
  }

  private async readSpec(distroHash: string): Promise<{ file: string; text: string }> {
    try {
      return { file: `${this.pkg.name}.spec`, text: await git(this.distgitDir, ['show', `${distroHash}:${this.pkg.name}.spec`]) };
    } catch {
      // Not named after the package: take the spec there is.
    }
    const files = (await git(this.distgitDir, ['ls-tree', '--name-only', distroHash])).split('\n').filter((f) => f.endsWith('.spec'));
    const file = files.find((f) => f === `${this.pkg.name}.spec`) ?? files[0];
    if (!file) throw new Error(`distgit ${this.pkg.distgit} (${this.pkg.distgitBranch} at ${distroHash.slice(0, 8)}) has no .spec file`);
    return { file, text: await git(this.distgitDir, ['show', `${distroHash}:${file}`]) };
  }
}

const LOG_FORMAT = '%H%x09%ct%x09%an%x09%s';

function parseLog(out: string): UpstreamCommit[] {
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [hash, time, author, ...subject] = line.split('\t');
      return { hash: hash!, time: Number(time) * 1000, author: author ?? '', subject: subject.join('\t') };
    });
}

/**
 * Fetches into a bare mirror, or clones it when it is missing or not whole (a clone killed half-way, an empty
 * `git init`). A clone goes to a temporary directory beside the mirror and is renamed into place when complete.
 */
async function mirror(url: string, dir: string): Promise<void> {
  if (!isSaneMirror(dir)) {
    const parent = dirname(dir);
    mkdirSync(parent, { recursive: true });
    const temp = join(parent, `${basename(dir)}${TEMP_CLONE_MARK}${process.pid}`);
    rmSync(temp, { recursive: true, force: true });
    try {
      await git(parent, ['clone', '--mirror', '--quiet', '--', url, temp], { timeoutMs: 300_000 });
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      throw err;
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
    return;
  }
  removeStaleLocks(dir);
  if (originUrl(dir) !== url) await git(dir, ['remote', 'set-url', 'origin', '--', url]);
  await git(dir, ['fetch', '--prune', '--quiet', 'origin'], { timeoutMs: 300_000 });
}

/** The mirror's origin URL, read from its config file (no process; the file is git's own ini). */
function originUrl(dir: string): string | null {
  try {
    const config = readFileSync(join(dir, 'config'), 'utf8');
    return /\[remote "origin"\][^[]*?\n\s*url = (.*)\n/.exec(config)?.[1] ?? null;
  } catch {
    return null;
  }
}
