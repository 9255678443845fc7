import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { Engine } from '../engine.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { openDb } from '../../store/db/db.js';
import { trunkOf } from './index.js';

describe('recovery after kill -9 in the middle of a pass', () => {
  it('re-queues the interrupted build, clears temporary files and leaves every link on a complete repo', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    const args = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...args, 'trunk', 'run', '--once'])).code).toBe(0);
    const reposDir = join(fx.dataDir, 'repos');
    const before = readlinkSync(join(reposDir, 'current'));

    await fx.commit('pkg-a', 'slow');
    const run = execa(process.execPath, [BIN, ...args, 'trunk', 'run', '--once'], { detached: true, reject: false, env: { CI: 'true' } });
    await new Promise<void>((resolve) => run.stdout!.on('data', (d: Buffer) => String(d).includes('BUILDING') && resolve()));
    process.kill(-run.pid!, 'SIGKILL');
    await run;
    // What a crash in the middle of a publication would leave: a staging directory and a half-made link.
    mkdirSync(join(fx.dataDir, 'tmp', 'publish-999', 'repodata'), { recursive: true });
    symlinkSync('nowhere', join(reposDir, 'current.tmp'));
    expect(readlinkSync(join(reposDir, 'current'))).toBe(before);

    const db = openDb(join(fx.dataDir, 'trunk.db'));
    expect(db.prepare("SELECT COUNT(*) AS n FROM builds WHERE status = 'BUILDING'").get()).toEqual({ n: 1 });
    db.close();

    await fx.commit('pkg-a', 'fix');
    const again = await cli([...args, 'trunk', 'run', '--once']);
    expect(again.stdout).toMatch(/RECOVERY re-queued 1 interrupted builds/);
    expect(again.code).toBe(0);
    expect(readdirSync(join(fx.dataDir, 'tmp'))).toEqual([]);
    expect(existsSync(join(reposDir, 'current.tmp'))).toBe(false);
    for (const name of ['current', 'consistent']) expect(existsSync(join(reposDir, name, 'repodata', 'repomd.xml'))).toBe(true);
    expect(readlinkSync(join(reposDir, 'current'))).not.toBe(before);
    const db2 = openDb(join(fx.dataDir, 'trunk.db'));
    expect(db2.prepare("SELECT COUNT(*) AS n FROM builds WHERE status = 'BUILDING'").get()).toEqual({ n: 0 });
    db2.close();
  }, 90_000);
});

describe('recovery after a stop in the middle of replacing a rebuilt repo', () => {
  it('puts the old repo back, so the links that point at it resolve again', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const first = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    first.takeLock();
    await trunkOf(first).trunk.runPass();
    const reposDir = first.paths.reposDir;
    const current = readlinkSync(join(reposDir, 'current'));
    const leaf = current.split('/').pop()!;
    renameSync(join(reposDir, current), join(first.paths.tmpDir, `replaced-${leaf}`));
    await first.close();
    expect(existsSync(join(reposDir, 'current', 'repodata', 'repomd.xml'))).toBe(false);

    const second = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(second.takeLock()).toEqual({ ok: true });
      expect(existsSync(join(reposDir, 'current', 'repodata', 'repomd.xml'))).toBe(true);
      expect(readdirSync(second.paths.tmpDir)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
