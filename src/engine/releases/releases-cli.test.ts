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
});
