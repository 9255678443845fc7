import type { BackupsView, RunView, SnapshotView } from '../../../engine/client/index.js';
import { ago, duration, shortHash } from '../../format.js';
import type { Badge, Cell, ListRow, ListSpec, PaneData } from '../types.js';

/** A selected row of the Backups pane: a snapshot, or a line of the health list. */
export type BackupsTarget = { kind: 'snapshot'; snapshot: SnapshotView } | { kind: 'health'; what: string };

const view = (data: PaneData): BackupsView | undefined => data.views['backups.list'];

export function bytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024) return `${n} B`;
  const units = ['K', 'M', 'G', 'T'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)}${units[i]}`;
}

function verifiedCell(v: SnapshotView['verified']): Cell {
  if (v === 'passed') return { text: '✓ drill', tone: 'ok' };
  if (v === 'failed') return { text: '✗ drill', tone: 'bad' };
  return { text: '· never', tone: 'muted' };
}

/** `YYYY-MM-DD HH:MM` in UTC, as restic records it. */
function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function snapshotRows(data: PaneData): ListRow<BackupsTarget>[] {
  return (view(data)?.snapshots ?? []).map((s) => ({
    key: s.id,
    copy: s.id,
    cells: [
      shortHash(s.id),
      when(s.time),
      bytes(s.size),
      bytes(s.dataAdded),
      s.datasets.join(',') || '-',
      verifiedCell(s.verified),
      s.toForget ? { text: '✗ forget', tone: 'warn' } : 'keep',
    ],
    target: { kind: 'snapshot', snapshot: s },
  }));
}

function runCell(r: RunView | null, now: number, never: string): Cell {
  if (!r) return { text: `· ${never}`, tone: 'muted' };
  return r.ok ? { text: `✓ ok ${ago(r.at, now)}`, tone: 'ok' } : { text: `✗ FAILED ${ago(r.at, now)}`, tone: 'bad' };
}

function runDetail(r: RunView | null): string {
  if (!r) return '-';
  const took = `took ${duration(r.durationMs)}`;
  return r.ok ? `${took}${r.snapshotId ? ` · ${shortHash(r.snapshotId)}` : ''}` : `${r.detail.join('; ') || 'failed'} · ${took}`;
}

/** The backup area's health: last backup, check, drill, the retention plan, and what is not saved. */
export function healthRows(data: PaneData, now: number): ListRow<BackupsTarget>[] {
  const v = view(data);
  if (!v) return [];
  const drop = v.snapshots.filter((s) => s.toForget).length;
  const rows: [string, Cell, string][] = [
    ['backup', runCell(v.lastBackup, now, 'none yet'), runDetail(v.lastBackup)],
    ['check', runCell(v.lastCheck, now, 'never'), runDetail(v.lastCheck)],
    ['drill', runCell(v.lastDrill, now, 'never'), runDetail(v.lastDrill)],
    [
      'retention',
      drop ? { text: `✗ drops ${drop}`, tone: 'warn' } : '✓ drops none',
      `keep daily ${v.keep.daily}, weekly ${v.keep.weekly}, monthly ${v.keep.monthly}`,
    ],
    ['not saved', { text: 'rebuildable', tone: 'muted' }, v.rebuildable.join(', ')],
  ];
  return rows.map(([what, state, detail]) => ({ key: what, cells: [what, state, detail], target: { kind: 'health', what } }));
}

export const SNAPSHOTS_LIST: ListSpec<BackupsTarget> = {
  id: 'backups.snapshots',
  title: 'Snapshots',
  columns: [
    { title: 'SNAPSHOT', width: 8 },
    { title: 'TIME (UTC)', width: 16 },
    { title: 'SIZE', width: 6, align: 'right' },
    { title: 'ADDED', width: 6, align: 'right' },
    { title: 'DATASETS', width: 9, flex: true },
    { title: 'VERIFIED', width: 8 },
    { title: 'PLAN', width: 8 },
  ],
  rows: snapshotRows,
  summary: (data) => {
    const v = view(data);
    const n = v?.snapshots.length ?? 0;
    return `${n} snapshot${n === 1 ? '' : 's'}, newest first`;
  },
};

export const HEALTH_LIST: ListSpec<BackupsTarget> = {
  id: 'backups.health',
  title: 'Backup health',
  columns: [
    { title: 'WHAT', width: 9 },
    { title: 'STATE', width: 20 },
    { title: 'DETAIL', width: 20, flex: true },
  ],
  rows: healthRows,
  summary: (data) => {
    const alerts = view(data)?.alerts ?? [];
    return alerts.length ? `⚠ ${alerts.join(' · ')}` : 'no backup alert';
  },
};

/** The line above the lists: where the snapshots go, whether it runs, when the next one is due. */
export function backupsHeading(v: BackupsView | undefined, now: number): string {
  if (!v) return 'loading backups…';
  const where = `repo ${v.repository}${v.offsite ? '' : ' ⚠ local: not offsite'}`;
  const state = v.running ? `▶ ${v.running} running` : `next backup ${v.nextBackupAt <= now ? 'due now' : `in ${duration(v.nextBackupAt - now)}`}`;
  return [where, state, ...(v.problem ? [`✗ ${v.problem}`] : [])].join(' · ');
}

/** The header's word on backups when one crosses its threshold (3 days old, a failed backup, check or drill). */
export function backupBadges(data: PaneData): Badge[] {
  const v = view(data);
  if (!v) return [];
  const out: Badge[] = [];
  const age = v.alerts.find((a) => a.startsWith('newest backup'));
  if (age) out.push({ text: `⚠ backup ${age.replace('newest backup ', '')}`, tone: 'warn', rank: 30 });
  if (v.lastBackup && !v.lastBackup.ok) out.push({ text: '✗ backup failed', tone: 'bad', rank: 29 });
  if (v.lastCheck && !v.lastCheck.ok) out.push({ text: '✗ backup check', tone: 'bad', rank: 31 });
  return out;
}
