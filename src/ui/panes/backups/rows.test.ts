import { describe, expect, it } from 'vitest';
import type { BackupsView, EngineSnapshot } from '../../../engine/client/index.js';
import { cellText, type PaneData } from '../types.js';
import { backupBadges, backupsHeading, healthRows, snapshotRows } from './rows.js';

const now = Date.UTC(2026, 11, 2, 12);
const base: BackupsView = {
  repository: '/data/backups',
  offsite: false,
  passwordFile: '/data/backups.password',
  snapshots: [
    {
      id: 'a'.repeat(64),
      shortId: 'aaaaaaaa',
      time: '2026-12-02T10:00:00Z',
      size: 2 * 1024 * 1024,
      dataAdded: 10 * 1024,
      datasets: ['db', 'config'],
      verified: 'passed',
      toForget: false,
    },
    { id: 'b'.repeat(64), shortId: 'bbbbbbbb', time: '2026-11-01T10:00:00Z', size: null, dataAdded: null, datasets: ['db'], verified: null, toForget: true },
  ],
  problem: null,
  running: null,
  nextBackupAt: now + 3600_000,
  nextCheckAt: now,
  keep: { daily: 7, weekly: 4, monthly: 6 },
  lastBackup: { at: now - 60_000, ok: true, durationMs: 3000, snapshotId: 'a'.repeat(64), detail: [] },
  lastCheck: { at: now - 60_000, ok: false, durationMs: 1000, snapshotId: null, detail: ['pack 1234 not found'] },
  lastDrill: null,
  rebuildable: ['logs/'],
  alerts: [],
};
const data = (v: BackupsView): PaneData => ({ snapshot: {} as EngineSnapshot, views: { 'backups.list': v } });
const text = (cells: ReturnType<typeof snapshotRows>[number]['cells']) => cells.map(cellText);

describe('Backups pane rows', () => {
  it('snapshots with size, data added, datasets, verified and plan, each state in words', () => {
    const rows = snapshotRows(data(base));
    expect(text(rows[0]!.cells)).toEqual(['aaaaaaaa', '2026-12-02 10:00', '2.0M', '10K', 'db,config', '✓ drill', 'keep']);
    expect(text(rows[1]!.cells)).toEqual(['bbbbbbbb', '2026-11-01 10:00', '-', '-', 'db', '· never', '✗ forget']);
  });

  it('health: a failed check names why; no drill yet says never; the retention plan counts what it drops', () => {
    const rows = healthRows(data(base), now).map((r) => text(r.cells));
    expect(rows[1]).toEqual(['check', '✗ FAILED 1m00s ago', 'pack 1234 not found · took 1s']);
    expect(rows[2]).toEqual(['drill', '· never', '-']);
    expect(rows[3]![1]).toBe('✗ drops 1');
    expect(backupsHeading(base, now)).toBe('repo /data/backups ⚠ local: not offsite · next backup in 1h00m');
  });

  it('header badges: backup age past 3 days, a failed backup, a failed check; none when all is well', () => {
    expect(backupBadges(data({ ...base, lastCheck: null }))).toEqual([]);
    const b = backupBadges(data({ ...base, alerts: ['newest backup 4 d old'], lastBackup: { ...base.lastBackup!, ok: false } })).map((x) => x.text);
    expect(b).toEqual(['⚠ backup 4 d old', '✗ backup failed', '✗ backup check']);
  });
});
