import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';

describe('rdo-console backup (the real binary, real restic)', () => {
  it('now, list --json, forget --dry-run, drill, restore; bad input exits 2 and names it; info shows the password file', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...d, 'trunk', 'run', '--once'])).code).toBe(0);

    const now = await cli([...d, 'backup', 'now']);
    expect(now.code, now.stderr).toBe(0);
    expect(now.stdout).toMatch(/snapshot [0-9a-f]{8} taken/);

    const list = await cli([...d, 'backup', 'list', '--json']);
    expect(list.code).toBe(0);
    const view = JSON.parse(list.stdout) as { snapshots: { id: string; datasets: string[]; toForget: boolean }[]; offsite: boolean };
    expect(view.snapshots).toHaveLength(1);
    expect(view.snapshots[0]!.datasets).toEqual(['db', 'config', 'repos']);
    expect(view.offsite).toBe(false);
    const id = view.snapshots[0]!.id;
    expect((await cli([...d, 'backup', 'list'])).stdout).toContain('(local: not offsite)');

    const plan = await cli([...d, 'backup', 'forget', '--dry-run']);
    expect(plan.stdout).toContain('retention plan: keep 1, remove 0');

    const drill = await cli([...d, 'backup', 'drill', id.slice(0, 8)]);
    expect(drill.code, drill.stdout + drill.stderr).toBe(0);
    expect(drill.stdout).toContain(`drill of ${id.slice(0, 8)}: PASSED`);

    const bad = await cli([...d, 'backup', 'drill', 'not-an-id']);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('snapshot: "not-an-id" is not a snapshot id');
    const unknown = await cli([...d, 'backup', 'drill', 'abcdef12']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toContain('no snapshot abcdef12');
    // Neither bad request was recorded as a drill: the last drill is still the one that passed.
    const after = JSON.parse((await cli([...d, 'backup', 'list', '--json'])).stdout) as { lastDrill: { ok: boolean; snapshotId: string } };
    expect(after.lastDrill).toMatchObject({ ok: true, snapshotId: id });

    const over = await cli([...d, 'backup', 'restore', id, '--to', fx.dataDir]);
    expect(over.code).toBe(2);
    expect(over.stdout + over.stderr).toContain('live data directory');
    const to = join(fx.root, 'restored');
    const restore = await cli([...d, 'backup', 'restore', id, '--to', to]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(statSync(join(to, 'data', 'trunk.db')).size).toBeGreaterThan(0);

    const info = await cli([...d, 'info', '--json']);
    const facts = JSON.parse(info.stdout) as { backup_pwfile: string };
    expect(facts.backup_pwfile).toBe(join(fx.dataDir, 'backups.password'));
    expect(statSync(facts.backup_pwfile).mode & 0o777).toBe(0o600);
  }, 180_000);
});
