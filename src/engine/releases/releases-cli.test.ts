import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test-support/cli.js';
import { createReleaseFixture } from './release-fixture.js';

describe('rdo-console release / tag / mass-tag (the real binary)', () => {
  it('branch, build, tag add, tag list --json, status; a red mass-tag exits 1 naming the job; bad input exits 2', async () => {
    const fx = await createReleaseFixture([{ name: 'pkg-a' }]);
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    const branch = await cli([...d, 'release', 'branch', 'zed']);
    expect(branch.code, branch.stderr).toBe(0);
    expect(branch.stdout).toContain('release zed: 1 branch(es) created (pkg-a)');
    const build = await cli([...d, 'release', 'build', 'zed']);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toContain('release zed: 1 built, 0 up to date, 0 failed');
    expect((await cli([...d, 'tag', 'add', 'zed-testing', 'all'])).stdout).toContain('1 build(s) tagged into zed-testing: pkg-a-1.0.0-1.el9');

    const list = await cli([...d, 'tag', 'list', 'zed-testing', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ tag: 'zed-testing', builds: [{ package: 'pkg-a', nvr: 'pkg-a-1.0.0-1.el9', upstreamTag: '1.0.0' }] });
    expect((await cli([...d, 'tag', 'list', 'zed-testing'])).stdout).toMatch(/^zed-testing: 1 package\(s\)\npkg-a-1\.0\.0-1\.el9 /);

    expect((await cli([...d, 'release', 'compose', 'zed'])).code).toBe(0);
    expect((await cli([...d, 'release', 'gate', 'zed'])).code).toBe(1);
    const refused = await cli([...d, 'mass-tag', 'zed-testing', 'zed-release']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('gate jobs not green: marker (failure: exited 1)');
    const status = await cli([...d, 'release', 'status', 'zed']);
    expect(status.stdout).toContain('gate: fail (repoclosure success, rpm-sanity success, marker failure)');
    expect(status.stdout).toMatch(/zed-release\s+0 build\(s\), missing: pkg-a/);

    const unknown = await cli([...d, 'tag', 'add', 'xena-testing', 'all']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toContain('unknown tag "xena-testing"');
    const bad = await cli([...d, 'mass-tag', 'zed-testing', 'zed-release', '--force']);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('--force needs a reason');
  }, 120_000);

  it('demo init says it made a throwaway signing key; demo ga tags the upstreams and names the late ones', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rdo-demo-ga-cli-'));
    cpSync(join(import.meta.dirname, '../../../config'), join(root, 'config'), { recursive: true });
    const d = ['--config', join(root, 'config'), '--data', join(root, 'data')];
    const init = await cli([...d, 'demo', 'init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('generated a THROWAWAY release signing key rdo-demo-release@example.org in');
    expect((await cli([...d, 'demo', 'init'])).stdout).not.toContain('THROWAWAY');
    const ga = await cli([...d, 'demo', 'ga', '--late-minutes', '2']);
    expect(ga.code, ga.stderr).toBe(0);
    expect(ga.stdout).toMatch(/^zed was not branched yet: created 12 release distgit branch\(es\) first/);
    expect(ga.stdout).toMatch(/\nupstream GA of zed: 10 release tag\(s\) created \(python-demo-pbr 5\.12\.0, /);
    expect(ga.stdout).toMatch(/late: python-demo-tempest has 36\.1\.0\.0rc1 now; 36\.1\.0 comes at 20\d\d-/);
    const again = await cli([...d, 'demo', 'ga']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('still has late tags pending');
  }, 120_000);
});
