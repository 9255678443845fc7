import { existsSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cli } from '../test-support/cli.js';
import { repoPackages, rpmFiles } from '../test-support/repodata.js';

const shippedConfig = resolve(import.meta.dirname, '../../config');
const fresh = () => mkdtempSync(join(tmpdir(), 'rdo-cli-'));

describe('rdo-console command line', () => {
  it('rejects bad usage with exit 2', async () => {
    expect((await cli(['trunk', 'frobnicate'])).code).toBe(2);
    const bad = await cli(['trunk', 'status', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bogus/);
    expect((await cli(['trunk', 'purge', '--older-than', 'soon', '--data', fresh()])).stderr).toMatch(/--older-than DAYS.*"soon"/);
  });

  it('a config error names file, line and field, exits 2 and writes nothing', async () => {
    const config = fresh();
    cpSync(shippedConfig, config, { recursive: true });
    writeFileSync(join(config, 'trunk.yml'), readFileSync(join(config, 'trunk.yml'), 'utf8').replace(/maxretries: \d+/, 'maxretries: -1'));
    const data = join(fresh(), 'data');
    const r = await cli(['--config', config, '--data', data, 'trunk', 'run', '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${config}/trunk.yml:\\d+: trunk.maxretries: .*\\(got -1\\)`));
    expect(existsSync(data)).toBe(false);
  });

  it('a data directory that cannot be written is a clear error, exit 2', async () => {
    const r = await cli(['--data', '/etc/hostname/rdo', 'trunk', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/data directory \/etc\/hostname\/rdo is not writable \(ENOTDIR\)/);
  });

  it('info prints the paths in use', async () => {
    const data = fresh();
    const r = await cli(['--data', data, 'info', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ config: shippedConfig, data, database: `${data}/trunk.db`, repos: `${data}/repos` });
  });

  it('demo: init, one pass, repoclosure on consistent; a demo commit publishes a new repo and keeps the old one', async () => {
    const data = fresh();
    const d = ['--data', data];
    expect((await cli([...d, 'demo', 'init'])).code).toBe(0);
    const first = await cli([...d, 'trunk', 'run', '--once']);
    expect(first.stdout).toMatch(/pass 1: \d+ built, 0 failed/);
    expect(first.code).toBe(0);
    const repos = join(data, 'repos');
    const consistent = readlinkSync(join(repos, 'consistent'));
    expect(readlinkSync(join(repos, 'current'))).toBe(consistent);
    const names = repoPackages(join(repos, consistent)).filter((n) => n.endsWith('.noarch'));
    const packageCount = (JSON.parse((await cli([...d, 'info', '--json'])).stdout) as { packages: number }).packages;
    expect(names).toHaveLength(packageCount);
    const closure = await execa(
      'dnf',
      ['repoclosure', '--releasever=9', '--setopt=reposdir=/nonexistent', '--repofrompath', `demo,${join(repos, 'consistent')}`, '--repo', 'demo'],
      { reject: false },
    );
    expect(closure.exitCode, closure.stdout + closure.stderr).toBe(0);

    const oldFiles = rpmFiles(join(repos, consistent));
    expect((await cli([...d, 'demo', 'commit'])).stdout).toMatch(/^normal commit/);
    expect((await cli([...d, 'trunk', 'run', '--once'])).code).toBe(0);
    const current = readlinkSync(join(repos, 'current'));
    expect(current).not.toBe(consistent);
    expect(existsSync(join(repos, current, 'repodata', 'repomd.xml'))).toBe(true);
    expect(rpmFiles(join(repos, consistent))).toEqual(oldFiles);

    expect((await cli([...d, 'demo', 'commit'])).stdout).toMatch(/^break commit .* on (\S+)/);
    const broken = await cli([...d, 'trunk', 'run', '--once']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/FAILED .*log /);
    expect(readlinkSync(join(repos, 'consistent'))).toBe(current);
    const status = JSON.parse((await cli([...d, 'trunk', 'status', '--json'])).stdout) as { packages: { status: string; first_failure: unknown }[] };
    expect(status.packages.filter((p) => p.status === 'FAILED' && p.first_failure)).toHaveLength(1);
    // A package rdoinfo does not know is a bad request (exit 2); a package that cannot be rechecked now is 1.
    const recheck = await cli([...d, 'trunk', 'recheck', 'no-such-package']);
    expect(recheck.code).toBe(2);
    expect(recheck.stdout).toMatch(/unknown package "no-such-package"/);
  });
});
