import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { trunkOf } from '../trunk/index.js';
import { backupsOf } from './index.js';
import { backupsView } from './view.js';

const operator = { name: 'tester', role: 'operator' as const };

// A small tmpfs holds the restic repository, so the disk really fills. Mounting needs root (CI runs as root).
const mountPoint = mkdtempSync(join(tmpdir(), 'rdo-full-'));
const mounted = execaSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { reject: false }).exitCode === 0;
afterAll(() => {
  if (mounted) execaSync('umount', [mountPoint], { reject: false });
  rmSync(mountPoint, { recursive: true, force: true });
});

describe('a full disk during a backup', () => {
  it.skipIf(!mounted)(
    'fails the backup as an alert, not a crash; the earlier snapshot stays whole and checks clean',
    async () => {
      const fx = await createFixture([{ name: 'pkg-a' }]);
      const repository = join(mountPoint, 'restic');
      writeFileSync(join(fx.configDir, 'backups.yml'), `backups:\n  repository: ${repository}\n`);
      const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
      try {
        expect(engine.takeLock()).toEqual({ ok: true });
        await trunkOf(engine).trunk.runPass();
        const b = backupsOf(engine);
        const first = await engine.dispatch({ name: 'backup.now' }, operator);
        expect(first.ok, first.message).toBe(true);

        // A labelled repository grows by 6 MB of data that does not compress or dedup: more than the disk holds.
        const current = join(fx.dataDir, 'repos', 'current');
        writeFileSync(join(current, 'big.bin'), randomBytes(6 * 1024 * 1024));
        const second = await engine.dispatch({ name: 'backup.now' }, operator);
        expect(second.ok).toBe(false);
        expect(second.message).toMatch(/disk full while writing to restic repository/);
        expect(engine.facts()['backups.last-backup-ok']).toBe(false);
        expect((await backupsView(b)).alerts.join('\n')).toMatch(/backup failed/i);

        rmSync(join(current, 'big.bin'));
        const snapshots = await b.snapshots();
        expect(snapshots.map((s) => s.id)).toEqual([(first.data as { snapshotId: string }).snapshotId]);
        // restic leaves the half-written packs unreferenced; check passes, and a restore of the snapshot works.
        const check = await engine.dispatch({ name: 'backup.check' }, operator);
        expect(check.ok, check.message).toBe(true);
        const out = mkdtempSync(join(tmpdir(), 'rdo-restore-'));
        await b.restore(snapshots[0]!.id, join(out, 'r'));
        expect(readdirSync(join(out, 'r'))).toContain('data');
        rmSync(out, { recursive: true, force: true });
      } finally {
        await engine.close();
      }
    },
    120_000,
  );
});
