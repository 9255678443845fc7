import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { trunkOf } from '../trunk/index.js';
import { backupsOf } from './index.js';
import { CONFIG_DIR, DB_FILE, MANIFEST_FILE, STAGE_DIR } from './datasets.js';
import { backupsView } from './view.js';
import type { AlertsListView } from '../alerts/view.js';

const operator = { name: 'tester', role: 'operator' as const };
let engine: Engine | null = null;

afterEach(async () => {
  await engine?.close();
  engine = null;
});

// One trunk pass (a real rpmbuild) for the file; each test gets its own copy of the built data and config.
let built: Fixture;
beforeAll(async () => {
  built = await createFixture([{ name: 'pkg-a' }]);
  const e = Engine.open({ configDir: built.configDir, dataDir: built.dataDir });
  expect(e.takeLock()).toEqual({ ok: true });
  await trunkOf(e).trunk.runPass();
  await e.close();
}, 120_000);

async function builtEngine(backupsYml?: string): Promise<Engine> {
  const root = mkdtempSync(join(tmpdir(), 'rdo-backups-'));
  const configDir = join(root, 'config');
  const dataDir = join(root, 'data');
  cpSync(built.configDir, configDir, { recursive: true });
  cpSync(built.dataDir, dataDir, { recursive: true, verbatimSymlinks: true });
  if (backupsYml) writeFileSync(join(configDir, 'backups.yml'), backupsYml);
  engine = Engine.open({ configDir, dataDir });
  expect(engine.takeLock()).toEqual({ ok: true });
  expect(trunkOf(engine).store.packageStatuses()[0]?.lastBuild?.status).toBe('SUCCESS');
  return engine;
}

function packFiles(repo: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(join(repo, 'data'))) for (const f of readdirSync(join(repo, 'data', d))) out.push(join(repo, 'data', d, f));
  return out;
}

describe('backups with real restic', () => {
  it('backs up the database, config and labelled repos; a drill passes; a deleted pack makes check fail and raises the alert', async () => {
    const e = await builtEngine();
    const b = backupsOf(e);
    const r = await e.dispatch({ name: 'backup.now' }, operator);
    expect(r.ok, r.message).toBe(true);
    expect(statSync(b.config.passwordFile).mode & 0o777).toBe(0o600);
    expect(r.message).not.toContain(readFileSync(b.config.passwordFile, 'utf8').trim());

    const view = await backupsView(b);
    expect(view.snapshots).toHaveLength(1);
    expect(view.snapshots[0]!.datasets).toEqual(['db', 'config', 'repos']);
    expect(view.snapshots[0]!.dataAdded).toBeGreaterThan(0);
    expect(view.offsite).toBe(false);
    expect(e.facts()['backups.newest-age-seconds']).toBeLessThan(60);

    const drill = await e.dispatch({ name: 'backup.drill' }, operator);
    expect(drill.ok, drill.message).toBe(true);
    expect((drill.data as { trunkPackages: number }).trunkPackages).toBe(1);
    expect(e.facts()['backups.last-drill-ok']).toBe(true);
    expect((await backupsView(b)).snapshots[0]!.verified).toBe('passed');
    expect(readdirSync(e.paths.tmpDir).filter((n) => n.startsWith('drill-'))).toEqual([]);

    expect((await e.dispatch({ name: 'backup.check' }, operator)).ok).toBe(true);
    expect(e.facts()['backups.last-check-ok']).toBe(true);
    unlinkSync(packFiles(b.config.repository)[0]!);
    const check = await e.dispatch({ name: 'backup.check' }, operator);
    expect(check.ok).toBe(false);
    expect(e.facts()['backups.last-check-ok']).toBe(false);
    expect((await backupsView(b)).alerts).toContain('restic check failed');
    // …and raises the engine's alert, pointing at the check row of the Backups pane.
    const alerts = (await e.query('alerts.list', {}, operator)) as AlertsListView;
    expect(alerts.alerts.filter((a) => a.name === 'BackupCheckFailed')).toEqual([
      expect.objectContaining({
        state: 'firing',
        severity: 'critical',
        summary: 'backups: restic check failed',
        jump: { pane: 'backups', list: 'backups.health', row: 'check' },
      }),
    ]);
  }, 120_000);

  it('a drill fails on a tampered snapshot, naming what differed; restore never goes over the live data directory', async () => {
    const e = await builtEngine();
    const b = backupsOf(e);
    const good = await b.backupNow();
    const out = mkdtempSync(join(tmpdir(), 'rdo-restore-'));
    await expect(b.restore(good.snapshotId, e.paths.dataDir)).rejects.toThrow(/live data directory/);
    await expect(b.restore(good.snapshotId, join(e.paths.dataDir, 'repos'))).rejects.toThrow(/live data directory/);
    await b.restore(good.snapshotId.slice(0, 8), join(out, 'r'));
    expect(statSync(join(out, 'r', 'data', DB_FILE)).isFile()).toBe(true);

    // The same layout, the same manifest, but the database lost its build rows.
    const db = new Database(join(out, 'r', 'data', DB_FILE));
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    expect(events).toBeGreaterThan(1);
    db.prepare('DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)').run();
    db.close();
    const t = join(out, 't');
    mkdirSync(join(t, STAGE_DIR), { recursive: true });
    cpSync(join(out, 'r', 'data', DB_FILE), join(t, STAGE_DIR, DB_FILE));
    cpSync(join(out, 'r', MANIFEST_FILE), join(t, STAGE_DIR, MANIFEST_FILE));
    cpSync(join(out, 'r', CONFIG_DIR), join(t, STAGE_DIR, CONFIG_DIR), { recursive: true });
    const tampered = await b.restic.backup(t, [STAGE_DIR], ['db', 'config']);

    const drill = await e.dispatch({ name: 'backup.drill', args: { snapshot: tampered.snapshot_id } }, operator);
    expect(drill.ok).toBe(false);
    expect(drill.message).toContain(`table events: ${events - 1} rows, manifest says ${events}`);
    expect(drill.message).toMatch(/last event seq \d+, manifest says \d+/);
    expect(e.facts()['backups.last-drill-ok']).toBe(false);
    expect((await e.dispatch({ name: 'backup.drill', args: { snapshot: good.snapshotId } }, operator)).ok).toBe(true);
    rmSync(out, { recursive: true, force: true });
  }, 120_000);

  it('retention keeps exactly what the policy says on a synthetic timeline', async () => {
    const e = await builtEngine('backups:\n  keep: { daily: 2, weekly: 1, monthly: 0 }\n');
    const b = backupsOf(e);
    const at = ['2026-01-01 10:00:00', '2026-01-02 10:00:00', '2026-01-03 10:00:00', '2026-01-03 11:00:00'];
    const ids: string[] = [];
    for (const time of at) ids.push((await b.backupNow({ time })).snapshotId);
    const plan = await e.dispatch({ name: 'backup.forget', args: { dryRun: true } }, operator);
    expect(new Set((plan.data as { remove: string[] }).remove)).toEqual(new Set([ids[0], ids[2]]));
    expect((await b.snapshots()).length).toBe(4);
    await e.dispatch({ name: 'backup.forget' }, operator);
    expect(new Set((await b.snapshots()).map((s) => s.id))).toEqual(new Set([ids[1], ids[3]]));
  }, 120_000);

  it('a repository locked by another restic: check says so (conflict); the snapshots stay', async () => {
    const e = await builtEngine();
    const b = backupsOf(e);
    await b.backupNow();
    // `backup --stdin` holds a lock while it waits for its input: a real second restic on the repository.
    const holder = execa('restic', ['-r', b.config.repository, 'backup', '--stdin', '--stdin-filename', 'held'], {
      env: { RESTIC_PASSWORD_FILE: b.config.passwordFile, RESTIC_CACHE_DIR: join(e.paths.tmpDir, 'restic-cache') },
      stdin: 'pipe',
      reject: false,
    });
    try {
      const locks = join(b.config.repository, 'locks');
      for (let i = 0; i < 200 && readdirSync(locks).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(locks).length).toBeGreaterThan(0);
      const locked = await e.dispatch({ name: 'backup.check' }, operator);
      expect(locked.ok).toBe(false);
      expect(locked.error?.kind).toBe('conflict');
      expect(locked.message).toContain('is locked by another restic process');
    } finally {
      holder.kill('SIGTERM');
      await holder;
    }
    expect((await b.snapshots()).length).toBe(1);
  }, 120_000);

  it('says what is wrong with the repository: wrong password, missing repository, a bad config value', async () => {
    const e = await builtEngine();
    const b = backupsOf(e);
    await b.backupNow();
    writeFileSync(b.config.passwordFile, 'not-the-password\n', { mode: 0o600 });
    const wrong = await e.dispatch({ name: 'backup.check' }, operator);
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toContain('wrong password');
    expect(wrong.message).not.toContain('not-the-password');
    const before = (await e.dispatch({ name: 'backup.now' }, operator)).ok;
    expect(before).toBe(false);
    expect(e.facts()['backups.last-backup-ok']).toBe(false);
    await e.close();

    const fx = await createFixture([{ name: 'pkg-b' }]);
    writeFileSync(join(fx.configDir, 'backups.yml'), `backups:\n  repository: ${join(fx.root, 'nowhere')}\n`);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    writeFileSync(join(fx.dataDir, 'backups.password'), 'x\n', { mode: 0o600 });
    const missing = await engine.dispatch({ name: 'backup.check' }, operator);
    expect(missing.message).toContain('is missing');
    await engine.close();
    engine = null;

    writeFileSync(join(fx.configDir, 'backups.yml'), 'backups:\n  interval: -5\n');
    expect(() => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir })).toThrow(/backups\.yml:2: backups\.interval: .*-5/);
  }, 120_000);
});
