import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../git.js';
import { cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { isSaneMirror } from './mirror-check.js';

describe('source mirrors after a killed git', () => {
  it('re-clones a mirror a killed first clone left unfinished (an empty git init --bare), and builds the package', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const mirror = join(fx.dataDir, 'sources', 'pkg-a', 'upstream.git');
    mkdirSync(mirror, { recursive: true });
    await git(mirror, ['init', '--bare', '--quiet']);
    expect(isSaneMirror(mirror)).toBe(false);
    const r = await cli(['--config', fx.configDir, '--data', fx.dataDir, 'trunk', 'run', '--once']);
    expect(r.stdout).toMatch(/SUCCESS\s+pkg-a/);
    expect(r.stdout).not.toMatch(/SKIPPED/);
    expect(r.code).toBe(0);
    expect(isSaneMirror(mirror)).toBe(true);
  });

  it('re-clones a mirror without objects/ and removes a stale ref lock a killed fetch left, then builds', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    const args = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...args, 'trunk', 'run', '--once'])).code).toBe(0);
    rmSync(join(fx.dataDir, 'sources', 'pkg-a', 'upstream.git', 'objects'), { recursive: true });
    const lock = join(fx.dataDir, 'sources', 'pkg-b', 'upstream.git', 'refs', 'heads', 'master.lock');
    writeFileSync(lock, '');
    const past = Date.now() / 1000 - 3600;
    utimesSync(lock, past, past);
    await fx.commit('pkg-a');
    await fx.commit('pkg-b');
    const r = await cli([...args, 'trunk', 'run', '--once']);
    expect(r.stdout).toMatch(/SUCCESS\s+pkg-a/);
    expect(r.stdout).toMatch(/SUCCESS\s+pkg-b/);
    expect(r.stdout).toMatch(/1 stale git locks/);
    expect(r.stdout).not.toMatch(/SKIPPED/);
  });

  it('keeps a lock a live git could hold, and the SKIPPED message names the lock file', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const args = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...args, 'trunk', 'run', '--once'])).code).toBe(0);
    const lock = join(fx.dataDir, 'sources', 'pkg-a', 'upstream.git', 'refs', 'heads', 'master.lock');
    writeFileSync(lock, '');
    const future = Date.now() / 1000 + 3600;
    utimesSync(lock, future, future);
    await fx.commit('pkg-a');
    const r = await cli([...args, 'trunk', 'run', '--once']);
    expect(r.stdout).toMatch(/SKIPPED\s+pkg-a: .*master\.lock/);
  });
});
