import type { BackupRunRow } from '../../store/db/backups-store.js';
import { EngineError } from '../errors.js';
import { REBUILDABLE } from './datasets.js';
import type { BackupsRuntime } from './runtime.js';

/** RDO's thresholds: the newest backup older than 3 days, no passing drill in 7 days. */
export const BACKUP_AGE_ALERT_SEC = 3 * 86_400;
export const DRILL_AGE_ALERT_SEC = 7 * 86_400;

export interface SnapshotView {
  id: string;
  shortId: string;
  time: string;
  /** Bytes the snapshot holds, and the new data it added (null when it was not taken by this engine). */
  size: number | null;
  dataAdded: number | null;
  datasets: string[];
  /** The last drill of this snapshot: passed, failed, or never. */
  verified: 'passed' | 'failed' | null;
  /** The next `forget` would drop it. */
  toForget: boolean;
}

export interface RunView {
  at: number;
  ok: boolean;
  durationMs: number;
  snapshotId: string | null;
  detail: string[];
}

export interface BackupsView {
  repository: string;
  offsite: boolean;
  passwordFile: string;
  snapshots: SnapshotView[];
  /** Why the repository could not be read (missing, locked, wrong password), or null. */
  problem: string | null;
  running: string | null;
  nextBackupAt: number;
  nextCheckAt: number;
  keep: { daily: number; weekly: number; monthly: number };
  lastBackup: RunView | null;
  lastCheck: RunView | null;
  lastDrill: RunView | null;
  rebuildable: string[];
  alerts: string[];
}

function runView(r: BackupRunRow | undefined): RunView | null {
  if (!r || r.finished_at === null) return null;
  const detail = r.ok
    ? []
    : r.kind === 'drill'
      ? (((r.detail ? JSON.parse(r.detail) : {}) as { differences?: string[] }).differences ?? [r.error ?? ''])
      : [r.error ?? 'failed'];
  return { at: r.finished_at, ok: r.ok === 1, durationMs: r.finished_at - r.started_at, snapshotId: r.snapshot_id, detail };
}

/** When the loop next backs up (a first one shortly after the engine first starts) and checks. */
export function schedule(rt: BackupsRuntime): { nextBackupAt: number; nextCheckAt: number } {
  const lastBackup = rt.store.lastStarted('backup');
  const lastCheck = rt.store.lastStarted('check');
  const firstDelay = Math.min(rt.config.intervalSec, 600) * 1000;
  return {
    nextBackupAt: lastBackup ? lastBackup.started_at + rt.config.intervalSec * 1000 : rt.openedAt + firstDelay,
    nextCheckAt: lastCheck ? lastCheck.started_at + rt.config.checkIntervalSec * 1000 : (rt.store.last('backup', true)?.finished_at ?? Infinity) + firstDelay,
  };
}

export function backupFacts(rt: BackupsRuntime, now = Date.now()) {
  const newest = rt.store.last('backup', true);
  const lastBackup = rt.store.last('backup');
  const check = rt.store.last('check');
  const drill = rt.store.last('drill');
  const passed = rt.store.last('drill', true);
  const age = (r: BackupRunRow | undefined) => (r?.finished_at ? Math.max(0, Math.round((now - r.finished_at) / 1000)) : null);
  return {
    'backups.newest-age-seconds': age(newest),
    'backups.last-backup-ok': lastBackup ? lastBackup.ok === 1 : null,
    'backups.last-check-ok': check ? check.ok === 1 : null,
    'backups.last-drill-age-seconds': age(passed),
    'backups.last-drill-ok': drill ? drill.ok === 1 : null,
    // Since a drill last passed, or since the first backup when none has: null before any backup.
    'backups.seconds-since-passing-drill': age(passed ?? rt.store.first('backup', true)),
    'backups.offsite': !rt.config.local,
  };
}

/** The backup alerts now, as the pane and header word them (the status area's rules read the facts). */
export function backupAlerts(f: ReturnType<typeof backupFacts>): string[] {
  const out: string[] = [];
  const newest = f['backups.newest-age-seconds'];
  if (newest === null) out.push('no backup yet');
  else if (newest > BACKUP_AGE_ALERT_SEC) out.push(`newest backup ${Math.floor(newest / 86_400)} d old`);
  if (f['backups.last-backup-ok'] === false) out.push('last backup failed');
  if (f['backups.last-check-ok'] === false) out.push('restic check failed');
  const drill = f['backups.last-drill-age-seconds'];
  if (drill === null || drill > DRILL_AGE_ALERT_SEC) out.push('no passing drill in 7 d');
  return out;
}

export async function backupsView(rt: BackupsRuntime): Promise<BackupsView> {
  let problem: string | null = null;
  let snapshots: SnapshotView[] = [];
  const backups = rt.store.bySnapshot('backup');
  const drills = rt.store.bySnapshot('drill');
  try {
    const [list, plan] = rt.store.last('backup', true) || rt.store.last('check') ? [await rt.snapshots(), await rt.plan().catch(() => null)] : [[], null];
    const drop = new Set(plan?.remove ?? []);
    snapshots = list
      .map((s) => {
        const b = backups.get(s.id);
        const d = drills.get(s.id);
        return {
          id: s.id,
          shortId: s.short_id,
          time: s.time,
          size: b?.total_bytes ?? null,
          dataAdded: b?.data_added ?? null,
          datasets: s.tags ?? [],
          verified: d ? (d.ok === 1 ? 'passed' : 'failed') : null,
          toForget: drop.has(s.id),
        } satisfies SnapshotView;
      })
      .sort((a, b) => (a.time < b.time ? 1 : -1));
  } catch (err) {
    problem = err instanceof EngineError ? err.message : String(err);
  }
  const facts = backupFacts(rt);
  return {
    repository: rt.config.repository,
    offsite: !rt.config.local,
    passwordFile: rt.config.passwordFile,
    snapshots,
    problem,
    running: rt.running,
    ...schedule(rt),
    keep: rt.config.keep,
    lastBackup: runView(rt.store.last('backup')),
    lastCheck: runView(rt.store.last('check')),
    lastDrill: runView(rt.store.last('drill')),
    rebuildable: [...REBUILDABLE],
    alerts: backupAlerts(facts),
  };
}
