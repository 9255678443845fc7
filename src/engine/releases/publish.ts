import { cpSync, existsSync, lstatSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../trunk/atomic-write.js';

export const KEY_FILE = (release: string) => `RPM-GPG-KEY-rdo-${release}`;

/** `repos/releases/`: each release is a link `<release>` to its publication `.<release>-<compose>`, and `<release>.repo`. */
export const releasesRoot = (reposDir: string) => join(reposDir, 'releases');

/** A `delorean`-style .repo file for the published release repository. */
export function repoFile(release: string, baseurl: string): string {
  const url = `${baseurl.replace(/\/$/, '')}/releases/${release}`;
  return [
    `[rdo-${release}-release]`,
    `name=RDO ${release} release`,
    `baseurl=${url}/`,
    'enabled=1',
    'gpgcheck=1',
    `gpgkey=${url}/${KEY_FILE(release)}`,
    '',
  ].join('\n');
}

/**
 * Copies a signed compose to `.<release>-<id>` (built under a temp name, renamed when whole), then moves the
 * `<release>` link onto it in one rename: readers see the previous publication until the new one is complete.
 * Older publications are removed afterwards. Returns the published directory.
 */
export function publishRelease(reposDir: string, release: string, composeId: number, from: string, key: string, baseurl: string): string {
  const root = releasesRoot(reposDir);
  const name = `.${release}-${composeId}`;
  const dir = join(root, name);
  const tmp = join(root, `${name}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  cpSync(from, tmp, { recursive: true });
  writeFileSync(join(tmp, KEY_FILE(release)), key);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const link = join(root, release);
  const linkTmp = join(root, `.${release}.link-${process.pid}`);
  rmSync(linkTmp, { force: true });
  symlinkSync(name, linkTmp);
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) rmSync(link, { recursive: true, force: true });
  renameSync(linkTmp, link);
  writeFileAtomic(join(root, `${release}.repo`), repoFile(release, baseurl));
  for (const old of readdirSync(root)) {
    if (old.startsWith(`.${release}-`) && old !== name && /^\d+$/.test(old.slice(release.length + 2)))
      rmSync(join(root, old), { recursive: true, force: true });
  }
  return link;
}
