import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '../engine/git.js';

export interface FixturePackage {
  name: string;
  requires?: string[];
  tag?: string;
  /** rdoinfo's component (default `test`). */
  component?: string;
}

export interface Fixture {
  root: string;
  configDir: string;
  dataDir: string;
  upstream(pkg: string): string;
  distgit(pkg: string): string;
  /** Adds an upstream commit; `break` makes the build fail, `flaky` fails it once with a network error, `slow` takes 6 s. */
  commit(pkg: string, kind?: 'normal' | 'break' | 'fix' | 'flaky' | 'slow'): Promise<string>;
  distgitCommit(pkg: string): Promise<string>;
}

let clock = Date.UTC(2026, 0, 1) / 1000;

function dated(): Record<string, string> {
  clock += 60;
  const d = `@${clock} +0000`;
  return { GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d };
}

export function specFor(p: FixturePackage): string {
  return `Name:           ${p.name}
Version:        0.0.0
Release:        0
Summary:        Fixture package ${p.name}
License:        ASL 2.0
BuildArch:      noarch
AutoReqProv:    no
Source0:        %{name}-%{version}.tar.gz
${(p.requires ?? []).map((r) => `Requires:       ${r}\n`).join('')}
%description
Fixture package ${p.name}.

%prep
%setup -q

%build
sh -n tool.sh
if [ -x ci/prebuild ]; then ./ci/prebuild; fi

%install
install -D -m 0755 tool.sh %{buildroot}%{_bindir}/${p.name}

%files
%{_bindir}/${p.name}

%changelog
* Thu Jan 01 2026 Fixture <fixture@example.org> - 0.0.0-0
- fixture
`;
}

/** A few packages with real upstream and distgit repositories and a config directory pointing at them. */
export async function createFixture(packages: FixturePackage[], trunk: Record<string, unknown> = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'rdo-fixture-'));
  const configDir = join(root, 'config');
  const dataDir = join(root, 'data');
  mkdirSync(configDir);
  const upstream = (pkg: string) => join(root, 'upstream', pkg);
  const distgit = (pkg: string) => join(root, 'distgit', pkg);
  let serial = 0;

  for (const p of packages) {
    const up = upstream(p.name);
    mkdirSync(up, { recursive: true });
    await git(up, ['init', '-q', '-b', 'master']);
    writeFileSync(join(up, 'tool.sh'), `#!/bin/sh\necho ${p.name}\n`);
    await git(up, ['add', '-A']);
    await git(up, ['commit', '-q', '-m', 'initial import'], { env: dated() });
    await git(up, ['tag', p.tag ?? '1.0.0']);
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
package-configs:
  fixture:
    upstream: "${root}/upstream/{name}"
    upstream-branch: master
    distgit: "${root}/distgit/{name}"
    distgit-branch: rpm-master
    maintainers: [fixture@example.org]
packages:
${packages.map((p) => `  - name: ${p.name}\n    conf: fixture\n    component: ${p.component ?? 'test'}\n`).join('')}`,
  );
  writeFileSync(
    join(configDir, 'trunk.yml'),
    `trunk:\n${Object.entries({ workers: 2, maxretries: 2, baseurl: 'http://127.0.0.1:1/repos', ...trunk })
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n')}\n`,
  );

  return {
    root,
    configDir,
    dataDir,
    upstream,
    distgit,
    async commit(pkg, kind = 'normal') {
      const up = upstream(pkg);
      serial++;
      if (kind === 'break') writeFileSync(join(up, 'tool.sh'), `#!/bin/sh\nif then fi (\n`);
      else if (kind === 'fix' || kind === 'normal') writeFileSync(join(up, 'tool.sh'), `#!/bin/sh\necho ${pkg} ${serial}\n`);
      else if (kind === 'slow') {
        mkdirSync(join(up, 'ci'), { recursive: true });
        writeFileSync(join(up, 'ci', 'prebuild'), '#!/bin/sh\nsleep 6\n');
        chmodSync(join(up, 'ci', 'prebuild'), 0o755);
      } else {
        const marker = join(root, `flaky-${serial}`);
        mkdirSync(join(up, 'ci'), { recursive: true });
        writeFileSync(
          join(up, 'ci', 'prebuild'),
          `#!/bin/sh\nif [ ! -e ${marker} ]; then touch ${marker}; echo 'curl: (6) Could not resolve host: mirror.example' >&2; exit 1; fi\n`,
        );
        chmodSync(join(up, 'ci', 'prebuild'), 0o755);
      }
      await git(up, ['add', '-A']);
      await git(up, ['commit', '-q', '-m', `${kind} change ${serial}`], { env: dated() });
      return (await git(up, ['rev-parse', 'HEAD'])).trim();
    },
    async distgitCommit(pkg) {
      const dg = distgit(pkg);
      serial++;
      writeFileSync(join(dg, 'README'), `distgit change ${serial}\n`);
      await git(dg, ['add', '-A']);
      await git(dg, ['commit', '-q', '-m', `distgit change ${serial}`], { env: dated() });
      return (await git(dg, ['rev-parse', 'HEAD'])).trim();
    },
  };
}
