import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config, type PackageConfig } from '../config/load.js';
import { git } from '../git.js';
import { runTool } from '../run-tool.js';
import { demoCommit, demoInit } from './index.js';

const CONFIG_DIR = join(import.meta.dirname, '../../../config');

/** What the trunk does, in small: tarball from the upstream tag's version, spec rewritten, `rpmbuild --nodeps -ba`. */
async function rpmBuild(pkg: PackageConfig, workDir: string): Promise<{ exitCode: number; log: string; rpms: string[] }> {
  const version = (await git(pkg.upstream, ['describe', '--tags', '--abbrev=0', 'HEAD'])).trim().replace(/^v/, '');
  const top = mkdtempSync(join(workDir, `${pkg.name}-`));
  for (const d of ['SOURCES', 'SPECS']) mkdirSync(join(top, d));
  const tarball = join(top, 'SOURCES', `${pkg.name}-${version}.tar.gz`);
  await git(pkg.upstream, ['archive', '--format=tar.gz', `--prefix=${pkg.name}-${version}/`, '-o', tarball, 'HEAD']);
  const spec = readFileSync(join(pkg.distgit, `${pkg.name}.spec`), 'utf8')
    .replace(/^Version:.*$/m, `Version: ${version}`)
    .replace(/^Release:.*$/m, 'Release: 0.20250101000000.abcdef0')
    .replace(/^Source0:.*$/m, 'Source0: %{name}-%{version}.tar.gz');
  const specFile = join(top, 'SPECS', `${pkg.name}.spec`);
  writeFileSync(specFile, spec);
  const r = await runTool('rpmbuild', ['--nodeps', '-ba', '--define', `_topdir ${top}`, specFile], { cwd: top, timeoutMs: 60_000 });
  const found = (sub: string) => readdirSync(join(top, sub), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.rpm'));
  return { exitCode: r.exitCode, log: r.stdout + r.stderr, rpms: r.exitCode === 0 ? [...found('RPMS'), ...found('SRPMS')] : [] };
}

describe('demo packages build with rpmbuild', () => {
  let tmp: string;
  let config: Config;
  let work: string;
  const pkg = (i: number) => config.packages[i]!;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rdo-demo-build-'));
    work = join(tmp, 'build');
    mkdirSync(work);
    config = loadConfig(CONFIG_DIR, tmp);
    await demoInit(config);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('builds an SRPM and a noarch RPM that requires only demo packages', async () => {
    const nova = config.packages.find((p) => p.name === 'openstack-demo-nova')!;
    const r = await rpmBuild(nova, work);
    expect(r.exitCode, r.log).toBe(0);
    expect(r.rpms.map((f) => f.replace(/^.*\//, ''))).toEqual([
      'openstack-demo-nova-28.0.0-0.20250101000000.abcdef0.noarch.rpm',
      'openstack-demo-nova-28.0.0-0.20250101000000.abcdef0.src.rpm',
    ]);
    const rpm = join(
      work,
      readdirSync(work).find((d) => d.startsWith('openstack-demo-nova-'))!,
      'RPMS',
      r.rpms[0]!,
    );
    const requires = (await runTool('rpm', ['-qp', '--requires', rpm], { cwd: work, check: true })).stdout.trim().split('\n');
    expect(requires.filter((r) => !r.startsWith('rpmlib(')).map((r) => r.split(' ')[0])).toEqual([
      'python-demo-glanceclient',
      'python-demo-keystoneclient',
      'python-demo-novaclient',
      'python-demo-oslo-config',
    ]);
  });

  it('fails on the breaking commit with the sh -n error, builds again once fixed', async () => {
    expect((await demoCommit(config)).kind).toBe('normal');
    const broken = await demoCommit(config);
    expect(broken).toMatchObject({ kind: 'break', package: pkg(1).name });
    const failed = await rpmBuild(pkg(1), work);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.log).toMatch(/bin\/demo-oslo-config-generator: (line )?\d+: [Ss]yntax error/);
    expect(failed.log).toMatch(/error: Bad exit status from .* \(%build\)/);

    const flaky = await demoCommit(config);
    expect(flaky).toMatchObject({ kind: 'flaky', package: pkg(2).name });
    const first = await rpmBuild(pkg(2), work);
    expect(first.exitCode).not.toBe(0);
    expect(first.log).toContain('curl: (6) Could not resolve host: mirror.demo.example');
    const second = await rpmBuild(pkg(2), work);
    expect(second.exitCode, second.log).toBe(0);

    expect((await demoCommit(config)).kind).toBe('fix');
    const fixed = await rpmBuild(pkg(1), work);
    expect(fixed.exitCode, fixed.log).toBe(0);
  });
});
