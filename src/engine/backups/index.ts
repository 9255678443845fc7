import { z } from 'zod';
import { loadBackupsConfig } from './config.js';
import { BACKUPS_MIGRATIONS } from '../../store/db/migrations/backups.js';
import { commandFor, defineArea, queryFor, type EngineCore } from '../area.js';
import { bytes, backupsText, drillText } from './cli-text.js';
import { BACKUPS_EVENTS } from './events.js';
import { BackupsRuntime, type DrillOutcome } from './runtime.js';
import { backupFacts, backupsView, schedule } from './view.js';

const command = commandFor<BackupsRuntime>();
const query = queryFor<BackupsRuntime>();
const LOOP_TICK_MS = 60_000;
const snapshot = z.string().min(1).max(64).describe('a snapshot id (or its start, or latest), as backup list shows it');

/** Backups with restic: snapshots of the database, config and labelled repos; retention, checks and drills. */
export const backupsArea = defineArea({
  name: 'backups',
  description: 'Backups with restic: snapshots, retention, checks and restore drills',
  migrations: BACKUPS_MIGRATIONS,
  open: (engine, log) => new BackupsRuntime(engine, log),
  checkConfig: (config) => void loadBackupsConfig(config.configDir, config.dataDir),
  recover: ({ area }) => area.recover(),
  commands: [
    command({
      name: 'backup.now',
      description: 'Back up the database, config and labelled repos now',
      dangerous: false,
      args: z.object({}),
      run: async (_args, { area }) => {
        const b = await area.backupNow();
        return {
          ok: true,
          message: `snapshot ${b.snapshotId.slice(0, 8)} taken: ${bytes(b.totalBytes)}, ${bytes(b.dataAdded)} added, in ${(b.durationMs / 1000).toFixed(1)} s`,
          data: b,
        };
      },
    }),
    command({
      name: 'backup.check',
      description: 'Check the restic repository (restic check)',
      dangerous: false,
      args: z.object({}),
      run: async (_args, { area }) => {
        const r = await area.check();
        return r.ok
          ? { ok: true, message: 'restic check: no errors', data: r }
          : { ok: false, message: `restic check failed: ${r.problems[0]}`, data: r, error: { kind: 'unavailable' } };
      },
    }),
    command({
      name: 'backup.drill',
      description: 'Restore drill: restore a snapshot into scratch, check it against its manifest, read it',
      dangerous: false,
      args: z.object({ snapshot: snapshot.optional() }),
      cli: { positional: ['snapshot'], text: drillText as (d: never) => string },
      run: async ({ snapshot }, { area }) => {
        const d: DrillOutcome = await area.drill(snapshot);
        return d.ok
          ? { ok: true, message: `drill of ${d.snapshotId.slice(0, 8)} passed in ${(d.durationMs / 1000).toFixed(1)} s`, data: d }
          : { ok: false, message: `drill of ${d.snapshotId.slice(0, 8)} failed: ${d.differences.join('; ')}`, data: d, error: { kind: 'conflict' } };
      },
    }),
    command({
      name: 'backup.restore',
      description: 'Restore a snapshot into a new directory (never over the live data directory)',
      dangerous: true,
      confirm: 'Restore snapshot {snapshot} into {to}?',
      args: z.object({ snapshot, to: z.string().min(1).max(4096).describe('a new or empty directory') }),
      cli: { positional: ['snapshot'] },
      run: async ({ snapshot, to }, { area }) => {
        const r = await area.restore(snapshot, to);
        return { ok: true, message: `snapshot ${r.snapshotId.slice(0, 8)} restored into ${r.to} (data/, config/, manifest.json)`, data: r };
      },
    }),
    command({
      name: 'backup.forget',
      description: 'Apply the retention policy (restic forget --prune); --dry-run shows the plan only',
      dangerous: true,
      confirm: 'Forget and prune the snapshots the retention policy drops?',
      args: z.object({ dryRun: z.boolean().optional().describe('show what would be removed, remove nothing') }),
      run: async ({ dryRun }, { area }) => {
        if (dryRun) {
          const plan = await area.plan();
          return {
            ok: true,
            message: `retention plan: keep ${plan.keep.length}, remove ${plan.remove.length}${plan.remove.length ? ` (${plan.remove.map((s) => s.slice(0, 8)).join(', ')})` : ''}`,
            data: plan,
          };
        }
        const r = await area.forget();
        return { ok: true, message: `forgot ${r.removed.length} snapshot(s)`, data: r };
      },
    }),
  ],
  queries: [
    query({
      name: 'backups.list',
      description: 'Snapshots, retention plan, schedule, last check and drill, alerts',
      args: z.object({}),
      changesOn: ['backup.finished', 'backup.checked', 'backup.drilled', 'backup.forgotten'],
      cli: { path: 'backup list', text: backupsText },
      run: (_args, { area }) => backupsView(area),
    }),
    query({
      name: 'backups.info',
      description: 'The restic repository and password file in use',
      args: z.object({}),
      changesOn: [],
      cli: { path: 'backup info' },
      run: (_args, { area }) => ({
        repository: area.config.repository,
        offsite: !area.config.local,
        passwordFile: area.config.passwordFile,
        keep: area.config.keep,
        intervalSec: area.config.intervalSec,
      }),
    }),
  ],
  loops: [
    {
      name: 'backups',
      description: 'Scheduled backups (interval in backups.yml, default daily) and a weekly restic check',
      every: () => LOOP_TICK_MS,
      tick: async ({ area, log }) => {
        const now = Date.now();
        const due = schedule(area);
        try {
          if (due.nextBackupAt <= now) await area.backupNow();
          else if (due.nextCheckAt <= now) await area.check();
        } catch (err) {
          // Recorded as a failed run (an alert fact); the loop goes on.
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'scheduled backup work failed');
        }
      },
    },
  ],
  events: BACKUPS_EVENTS,
  eventLevels: { 'backup.finished': 'info', 'backup.checked': 'info', 'backup.drilled': 'info', 'backup.forgotten': 'info', 'backup.restored': 'info' },
  facts: ({ area }) => backupFacts(area),
  metrics: [
    {
      name: 'rdo_backup_age_seconds',
      help: 'Age of the newest successful backup (-1: none yet)',
      type: 'gauge',
      collect: ({ area }) => [{ value: backupFacts(area)['backups.newest-age-seconds'] ?? -1 }],
    },
  ],
});

export const backupsOf = (engine: Pick<EngineCore, 'area'>): BackupsRuntime => engine.area(backupsArea);
