import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BackupsStore, inspectDatabaseFile, lastEventSeqOf, sqliteVersion, tableRowCounts } from '../../store/db/backups-store.js';
import type { EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import type { Logger } from '../log.js';
import { packageRoot } from '../paths.js';
import type { TrunkStatus } from '../trunk/status-report.js';
import { loadBackupsConfig, type BackupsConfig } from './config.js';
import { backupPaths, CONFIG_DIR, DB_FILE, labelTargets, MANIFEST_FILE, REBUILDABLE, STAGE_DIR } from './datasets.js';
import { manifestDifferences, type BackupManifest } from './manifest.js';
import { ensurePasswordFile, requirePasswordFile } from './password.js';
import { Restic, type ResticBackupSummary } from './restic.js';

export interface BackupOutcome {
  snapshotId: string;
  dataAdded: number;
  totalBytes: number;
  durationMs: number;
  manifest: BackupManifest;
}

export interface DrillOutcome {
  ok: boolean;
  snapshotId: string;
  durationMs: number;
  differences: string[];
  trunkPackages: number | null;
}

/** The backups area in an open engine: restic, the run records, one operation at a time. */
export class BackupsRuntime {
  readonly config: BackupsConfig;
  readonly store: BackupsStore;
  readonly restic: Restic;
  readonly openedAt = Date.now();
  private busy: string | null = null;

  constructor(
    private readonly engine: EngineCore,
    private readonly log: Logger,
  ) {
    this.config = loadBackupsConfig(engine.config.configDir, engine.paths.dataDir);
    this.store = new BackupsStore(engine.db);
    this.restic = new Restic(this.config, join(engine.paths.logsDir, 'backups'), join(engine.paths.tmpDir, 'restic-cache'));
  }

  get running(): string | null {
    return this.busy;
  }

  recover(): void {
    this.store.closeUnfinished('interrupted (the engine stopped during it)');
    rmSync(join(this.engine.paths.dataDir, STAGE_DIR), { recursive: true, force: true });
  }

  /** Runs one restic operation at a time in this engine (restic's own locks guard against other processes). */
  private async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new EngineError('conflict', `a ${this.busy} is running; try again when it ends`);
    this.busy = what;
    try {
      return await fn();
    } finally {
      this.busy = null;
    }
  }

  /** The repository, made on first use when it is the local default (with a new 0600 password file). */
  private async ready(create: boolean): Promise<void> {
    if (create) {
      const { created } = ensurePasswordFile(this.config.passwordFile);
      if (created) this.log.info({ passwordFile: this.config.passwordFile }, 'restic password file created');
    } else requirePasswordFile(this.config.passwordFile);
    if (create && this.config.local && !existsSync(join(this.config.repository, 'config'))) {
      if (existsSync(this.config.repository) && readdirSync(this.config.repository).length > 0)
        throw new EngineError('unavailable', `${this.config.repository} is not empty and holds no restic repository`);
      await this.restic.init();
      this.log.info({ repository: this.config.repository }, 'restic repository created');
    }
  }

  backupNow(options: { time?: string } = {}): Promise<BackupOutcome> {
    return this.exclusive('backup', async () => {
      const started = Date.now();
      const id = this.store.start('backup', started);
      const stage = join(this.engine.paths.dataDir, STAGE_DIR);
      try {
        await this.ready(true);
        rmSync(stage, { recursive: true, force: true });
        mkdirSync(stage, { recursive: true });
        const labels = labelTargets(this.engine.paths.reposDir);
        // The copy is taken at one point in time (online backup); the manifest describes that copy, not the live db.
        await this.engine.db.backup(join(stage, DB_FILE));
        const manifest = await this.manifestOf(join(stage, DB_FILE), labels);
        writeFileSync(join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
        cpSync(this.engine.config.configDir, join(stage, CONFIG_DIR), { recursive: true, dereference: true });
        const summary: ResticBackupSummary = await this.restic.backup(this.engine.paths.dataDir, backupPaths(labels), manifest.datasets, options.time);
        const outcome = {
          snapshotId: summary.snapshot_id,
          dataAdded: summary.data_added,
          totalBytes: summary.total_bytes_processed,
          durationMs: Date.now() - started,
          manifest,
        };
        this.store.finish(id, { ok: true, snapshotId: outcome.snapshotId, dataAdded: outcome.dataAdded, totalBytes: outcome.totalBytes, detail: manifest });
        this.engine.events.append('backup.finished', {
          ok: true,
          snapshotId: outcome.snapshotId,
          dataAdded: outcome.dataAdded,
          totalBytes: outcome.totalBytes,
          durationMs: outcome.durationMs,
          error: null,
        });
        return outcome;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.store.finish(id, { ok: false, error: message });
        this.engine.events.append('backup.finished', {
          ok: false,
          snapshotId: null,
          dataAdded: null,
          totalBytes: null,
          durationMs: Date.now() - started,
          error: message,
        });
        throw err instanceof EngineError ? err : new EngineError('unavailable', `backup failed: ${message}`);
      } finally {
        rmSync(stage, { recursive: true, force: true });
      }
    });
  }

  private async manifestOf(dbFile: string, labels: Record<string, string>): Promise<BackupManifest> {
    const { openDb } = await import('../../store/db/db.js');
    const copy = openDb(dbFile, { readonly: true });
    try {
      return {
        format: 1,
        createdAt: new Date().toISOString(),
        rowCounts: tableRowCounts(copy),
        lastEventSeq: lastEventSeqOf(copy),
        labels,
        tools: { restic: await this.restic.version(), sqlite: sqliteVersion(copy), node: process.version, 'rdo-console': rdoConsoleVersion() },
        datasets: ['db', 'config', ...(Object.keys(labels).length ? ['repos'] : [])],
        rebuildable: [...REBUILDABLE],
      };
    } finally {
      copy.close();
    }
  }

  check(): Promise<{ ok: boolean; problems: string[] }> {
    return this.exclusive('check', async () => {
      const started = Date.now();
      const id = this.store.start('check', started);
      try {
        await this.ready(false);
        const r = await this.restic.check();
        this.store.finish(id, { ok: r.ok, detail: r.problems, error: r.ok ? null : r.problems[0] });
        this.engine.events.append('backup.checked', { ok: r.ok, problems: r.problems, durationMs: Date.now() - started });
        return r;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.store.finish(id, { ok: false, error: message });
        this.engine.events.append('backup.checked', { ok: false, problems: [message], durationMs: Date.now() - started });
        throw err;
      }
    });
  }

  /** The retention plan: which snapshots the next `forget` keeps and removes. */
  async plan(): Promise<{ keep: string[]; remove: string[] }> {
    requirePasswordFile(this.config.passwordFile);
    const groups = await this.restic.forget(this.config.keep, true);
    return { keep: groups.flatMap((g) => (g.keep ?? []).map((s) => s.id)), remove: groups.flatMap((g) => (g.remove ?? []).map((s) => s.id)) };
  }

  forget(): Promise<{ removed: string[] }> {
    return this.exclusive('forget', async () => {
      const id = this.store.start('forget');
      await this.ready(false);
      try {
        const groups = await this.restic.forget(this.config.keep, false);
        const removed = groups.flatMap((g) => (g.remove ?? []).map((s) => s.id));
        this.store.finish(id, { ok: true, detail: removed });
        this.engine.events.append('backup.forgotten', { removed });
        return { removed };
      } catch (err) {
        this.store.finish(id, { ok: false, error: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    });
  }

  async snapshots() {
    requirePasswordFile(this.config.passwordFile);
    return this.restic.snapshots();
  }

  /** A snapshot id (or prefix, or `latest`) resolved against the repository. */
  private async resolveSnapshot(ref: string | undefined): Promise<string> {
    const all = await this.restic.snapshots();
    if (all.length === 0) throw new EngineError('not-found', `restic repository ${this.config.repository} has no snapshot yet`);
    if (!ref || ref === 'latest') return all.reduce((a, b) => (a.time >= b.time ? a : b)).id;
    checkSnapshotRef(ref);
    const matches = all.filter((s) => s.id.startsWith(ref));
    if (matches.length === 0) throw new EngineError('not-found', `no snapshot ${ref} in ${this.config.repository}`);
    if (matches.length > 1) throw new EngineError('bad-request', `snapshot: "${ref}" matches ${matches.length} snapshots; give more of its id`);
    return matches[0]!.id;
  }

  /** Restores a snapshot into out/: `data/` (trunk.db, repos/), `config/` and `manifest.json`. */
  private async restoreInto(snapshotId: string, out: string): Promise<BackupManifest> {
    const raw = join(out, '.restic-restore');
    await this.restic.restore(snapshotId, raw);
    const stage = join(raw, STAGE_DIR);
    mkdirSync(join(out, 'data'), { recursive: true });
    renameSync(join(stage, DB_FILE), join(out, 'data', DB_FILE));
    renameSync(join(stage, CONFIG_DIR), join(out, CONFIG_DIR));
    renameSync(join(stage, MANIFEST_FILE), join(out, MANIFEST_FILE));
    if (existsSync(join(raw, 'repos'))) renameSync(join(raw, 'repos'), join(out, 'data', 'repos'));
    rmSync(raw, { recursive: true, force: true });
    return JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as BackupManifest;
  }

  restore(ref: string, to: string): Promise<{ snapshotId: string; to: string }> {
    return this.exclusive('restore', async () => {
      const target = resolve(to);
      const live = this.engine.paths.dataDir;
      const rel = relative(target, live);
      if (target === live || !rel.startsWith('..') || !relative(live, target).startsWith('..'))
        throw new EngineError('bad-request', `to: ${target} is or holds the live data directory ${live}; restore into a new directory`);
      if (existsSync(target) && readdirSync(target).length > 0)
        throw new EngineError('bad-request', `to: ${target} is not empty; restore into a new or empty directory`);
      await this.ready(false);
      const snapshotId = await this.resolveSnapshot(ref);
      mkdirSync(target, { recursive: true });
      await this.restoreInto(snapshotId, target);
      this.engine.events.append('backup.restored', { snapshotId, to: target });
      return { snapshotId, to: target };
    });
  }

  drill(ref?: string): Promise<DrillOutcome> {
    if (ref && ref !== 'latest') checkSnapshotRef(ref);
    return this.exclusive('drill', async () => {
      const started = Date.now();
      // A snapshot that is not there is a bad request, not a failed drill: nothing is recorded for it.
      const chosen = ref && ref !== 'latest' ? await this.resolveSnapshot(ref) : undefined;
      const id = this.store.start('drill', started);
      const scratch = join(this.engine.paths.tmpDir, `drill-${id}`);
      let snapshotId: string | null = chosen ?? null;
      try {
        await this.ready(false);
        snapshotId ??= await this.resolveSnapshot(ref);
        rmSync(scratch, { recursive: true, force: true });
        mkdirSync(scratch, { recursive: true });
        const manifest = await this.restoreInto(snapshotId, scratch);
        const differences: string[] = [];
        const inspected = inspectDatabaseFile(join(scratch, 'data', DB_FILE));
        let trunkPackages: number | null = null;
        if (inspected.integrity.join() !== 'ok') differences.push(`integrity_check: ${inspected.integrity.slice(0, 3).join('; ')}`);
        else {
          differences.push(...manifestDifferences(manifest, inspected));
          trunkPackages = await readTrunkStatus(join(scratch, CONFIG_DIR), join(scratch, 'data'), differences);
        }
        const outcome: DrillOutcome = { ok: differences.length === 0, snapshotId, durationMs: Date.now() - started, differences, trunkPackages };
        this.store.finish(id, { ok: outcome.ok, snapshotId, detail: outcome, error: differences[0] ?? null });
        this.engine.events.append('backup.drilled', { ok: outcome.ok, snapshotId, durationMs: outcome.durationMs, differences });
        return outcome;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.store.finish(id, { ok: false, snapshotId, error: message, detail: { differences: [message] } });
        this.engine.events.append('backup.drilled', { ok: false, snapshotId, durationMs: Date.now() - started, differences: [message] });
        throw err;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
}

function checkSnapshotRef(ref: string): void {
  if (!/^[0-9a-f]{4,64}$/.test(ref)) throw new EngineError('bad-request', `snapshot: "${ref}" is not a snapshot id (hex, as backup list shows it)`);
}

/** Opens an engine on restored data (no lock, no loops, a read-only actor) and reads the trunk status. */
async function readTrunkStatus(configDir: string, dataDir: string, differences: string[]): Promise<number | null> {
  const { Engine } = await import('../engine.js');
  let engine: Awaited<ReturnType<typeof Engine.open>> | null = null;
  try {
    engine = Engine.open({ configDir, dataDir });
    const status = (await engine.query('trunk.status', {}, { name: 'backup-drill', role: 'viewer', readOnly: true })) as TrunkStatus;
    return status.packages.length;
  } catch (err) {
    differences.push(`engine on the restored data: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  } finally {
    await engine?.close();
  }
}

function rdoConsoleVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
