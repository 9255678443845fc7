import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { STAGE_DIR } from './datasets.js';
import { backupsOf } from './index.js';

const operator = { name: 'tester', role: 'operator' as const };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9 during a backup', () => {
  it('leaves the database, the earlier snapshots and the repository whole; the next start closes the run and backs up again', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...d, 'trunk', 'run', '--once'])).code).toBe(0);
    expect((await cli([...d, 'backup', 'now'])).code).toBe(0);

    const child = execa(process.execPath, [BIN, ...d, 'backup', 'now'], { reject: false, env: { CI: 'true' } });
    const stage = join(fx.dataDir, STAGE_DIR);
    let restic: number[] = [];
    for (let i = 0; i < 400; i++) {
      if (existsSync(join(stage, 'config'))) {
        const r = await execa('pgrep', ['-P', String(child.pid), 'restic'], { reject: false });
        restic = r.stdout.split('\n').filter(Boolean).map(Number);
        if (restic.length) break;
      }
      await sleep(10);
    }
    expect(restic.length, 'caught the backup while restic ran').toBeGreaterThan(0);
    child.kill('SIGKILL');
    await child;
    for (const pid of restic) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it had ended
      }
    }

    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(engine.takeLock()).toEqual({ ok: true });
      const b = backupsOf(engine);
      expect(existsSync(stage)).toBe(false);
      expect(b.store.last('backup')?.error).toContain('interrupted');
      expect((await b.snapshots()).length).toBeGreaterThanOrEqual(1);
      expect((await engine.dispatch({ name: 'backup.check' }, operator)).ok).toBe(true);
      const again = await engine.dispatch({ name: 'backup.now' }, operator);
      expect(again.ok, again.message).toBe(true);
      expect((await engine.dispatch({ name: 'backup.drill' }, operator)).ok).toBe(true);
      expect(readdirSync(engine.paths.tmpDir).filter((n) => n.startsWith('drill-'))).toEqual([]);
    } finally {
      await engine.close();
    }
  }, 180_000);
});
