import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../git.js';
import { specFor } from '../../test-support/fixture.js';

export interface ReleasePackage {
  name: string;
  /** Spec Requires. */
  requires?: string[];
  /** Upstream requirements.txt lines (project names). */
  upstreamRequires?: string[];
  /** Upstream tags on the first commit. */
  tag?: string;
}

export interface ReleaseFixture {
  root: string;
  configDir: string;
  dataDir: string;
  upstream(pkg: string): string;
  distgit(pkg: string): string;
  /** A new upstream commit tagged `tag` (a release tag that appears later). */
  release(pkg: string, tag: string): Promise<void>;
  /** Makes the `marker` gate job pass. */
  turnGateGreen(): void;
}

/**
 * Packages tagged for release `zed` (distgit branch zed-rdo, upstream master), with real upstream and distgit
 * repositories; gate jobs repoclosure, rpm-sanity and `marker` (red until turnGateGreen); a GnuPG home path.
 */
export async function createReleaseFixture(packages: ReleasePackage[], options: { signingKey?: string } = {}): Promise<ReleaseFixture> {
  const root = mkdtempSync(join(tmpdir(), 'rdo-rel-'));
  const configDir = join(root, 'config');
  const dataDir = join(root, 'data');
  mkdirSync(join(configDir, 'jobs'), { recursive: true });
  const upstream = (pkg: string) => join(root, 'upstream', pkg);
  const distgit = (pkg: string) => join(root, 'distgit', pkg);
  let clock = Date.UTC(2026, 2, 1) / 1000;
  const dated = () => {
    clock += 60;
    return { GIT_AUTHOR_DATE: `@${clock} +0000`, GIT_COMMITTER_DATE: `@${clock} +0000` };
  };
  for (const p of packages) {
    const up = upstream(p.name);
    mkdirSync(up, { recursive: true });
    await git(up, ['init', '-q', '-b', 'master']);
    writeFileSync(join(up, 'tool.sh'), `#!/bin/sh\necho ${p.name}\n`);
    if (p.upstreamRequires) writeFileSync(join(up, 'requirements.txt'), p.upstreamRequires.map((r) => `${r}>=1.0 # Apache-2.0\n`).join(''));
    await git(up, ['add', '-A']);
    await git(up, ['commit', '-q', '-m', 'initial import'], { env: dated() });
    await git(up, ['tag', '-a', '-m', 'release', p.tag ?? '1.0.0']);
    const dg = distgit(p.name);
    mkdirSync(dg, { recursive: true });
    await git(dg, ['init', '-q', '-b', 'rpm-master']);
    writeFileSync(join(dg, `${p.name}.spec`), specFor(p));
    await git(dg, ['add', '-A']);
    await git(dg, ['commit', '-q', '-m', 'spec'], { env: dated() });
  }
  writeFileSync(
    join(configDir, 'rdoinfo.yml'),
    `releases:
  - name: zed
    branch: master
    status: development
    distgit-branch: zed-rdo
  - name: yoga
    status: maintained
package-configs:
  fixture:
    upstream: "${root}/upstream/{name}"
    upstream-branch: master
    distgit: "${root}/distgit/{name}"
    distgit-branch: rpm-master
    maintainers: [fixture@example.org]
    tags: [zed]
packages:
${packages.map((p) => `  - name: ${p.name}\n    conf: fixture\n    component: test\n`).join('')}`,
  );
  writeFileSync(join(configDir, 'trunk.yml'), 'trunk:\n  workers: 2\n  baseurl: http://127.0.0.1:1/repos\n');
  copyFileSync(join(import.meta.dirname, '../../../config/jobs/rpm-sanity.sh'), join(configDir, 'jobs', 'rpm-sanity.sh'));
  const marker = join(root, 'gate-green');
  writeFileSync(
    join(configDir, 'pipeline.yml'),
    `jobs:
  - name: repoclosure
    argv: [dnf, --quiet, repoclosure, --releasever=9, --setopt=reposdir=/nonexistent, "--setopt=cachedir=\${NODE_WORKSPACE}/dnf-cache", --repofrompath, "id,\${REPO_PATH}", --repo, id]
  - name: rpm-sanity
    script: jobs/rpm-sanity.sh
  - name: marker
    argv: [test, -e, ${marker}]
releases:
  zed:
    gate: [repoclosure, rpm-sanity, marker]
`,
  );
  writeFileSync(join(configDir, 'releases.yml'), `signing:\n  gnupghome: "{datadir}/gnupg"\n  key: ${options.signingKey ?? 'release@example.org'}\n`);
  return {
    root,
    configDir,
    dataDir,
    upstream,
    distgit,
    async release(pkg, tag) {
      const up = upstream(pkg);
      writeFileSync(join(up, 'tool.sh'), `#!/bin/sh\necho ${pkg} ${tag}\n`);
      await git(up, ['add', '-A']);
      await git(up, ['commit', '-q', '-m', `release ${tag}`], { env: dated() });
      await git(up, ['tag', '-a', '-m', 'release', tag]);
    },
    turnGateGreen() {
      writeFileSync(marker, '');
    },
  };
}
