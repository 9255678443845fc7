import { join } from 'node:path';
import type { PackageConfig, ReleaseConfig } from '../config/load.js';
import { git } from '../git.js';
import { PackageSources } from '../trunk/sources.js';
import { versionFromTag } from '../trunk/version.js';
import { rpmvercmp } from './vercmp.js';

/** `9.2.0.0rc1` → `9.2.0~rc1`, `1.0.0b3` → `1.0.0~b3`: a pre-release sorts before its final version, as RDO numbers it. */
export function releaseVersion(tag: string): string {
  return versionFromTag(tag)
    .replace(/^(\d+\.\d+\.\d+)\.0(a|b|rc)(\d+)$/i, '$1~$2$3')
    .replace(/(\d)(a|b|rc)(\d+)$/i, '$1~$2$3');
}

/**
 * A package as one release sees it: its upstream mirror on the release's upstream branch, its distgit mirror on
 * the release distgit branch. Mirrors are the area's own (under `<data>/releases/sources/`), apart from the trunk's.
 */
export class ReleaseSources extends PackageSources {
  constructor(
    readonly master: PackageConfig,
    readonly release: ReleaseConfig,
    sourcesRoot: string,
  ) {
    super({ ...master, upstreamBranch: release.branch ?? master.upstreamBranch, distgitBranch: release.distgitBranch }, join(sourcesRoot));
  }

  /** The newest release tag (by version) on the release's upstream branch, or null when it has none. */
  async newestTag(): Promise<{ tag: string; commit: string } | null> {
    const out = await git(this.upstreamDir, ['tag', '--merged', `refs/heads/${this.pkg.upstreamBranch}`, '--format=%(refname:strip=2)']);
    const tags = out.split('\n').filter((t) => /^v?\d/.test(t));
    if (tags.length === 0) return null;
    const tag = tags.reduce((a, b) => (rpmvercmp(releaseVersion(b), releaseVersion(a)) > 0 ? b : a));
    const commit = (await git(this.upstreamDir, ['rev-parse', `refs/tags/${tag}^{commit}`])).trim();
    return { tag, commit };
  }

  /** Whether the distgit has the release branch (after fetch). */
  async hasReleaseBranch(): Promise<boolean> {
    const out = await git(this.distgitDir, ['for-each-ref', '--format=%(refname)', `refs/heads/${this.pkg.distgitBranch}`]);
    return out.trim() !== '';
  }

  /** The head of the master distgit branch (the trunk's). */
  async masterHead(): Promise<string> {
    return (await git(this.distgitDir, ['rev-parse', `refs/heads/${this.master.distgitBranch}`])).trim();
  }

  /** `requirements.txt` at an upstream commit, or null when it has none. */
  async requirements(commit: string): Promise<string | null> {
    try {
      return await git(this.upstreamDir, ['show', `${commit}:requirements.txt`]);
    } catch {
      return null;
    }
  }

  /** Creates the release distgit branch at the master head in the package's distgit (pushed from the mirror). */
  async createReleaseBranch(): Promise<void> {
    const head = await this.masterHead();
    // The mirror's origin is configured with mirror = true, which refuses a refspec: push to the URL.
    await git(this.distgitDir, ['push', '--quiet', '--', this.pkg.distgit, `${head}:refs/heads/${this.pkg.distgitBranch}`]);
    await git(this.distgitDir, ['update-ref', `refs/heads/${this.pkg.distgitBranch}`, head]);
  }
}
