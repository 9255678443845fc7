import { describe, expect, it } from 'vitest';
import { manifestDifferences, type BackupManifest } from './manifest.js';
import { backupAlerts } from './view.js';

const facts = (f: Partial<Parameters<typeof backupAlerts>[0]>) => ({
  'backups.newest-age-seconds': 60,
  'backups.last-backup-ok': true,
  'backups.last-check-ok': true,
  'backups.last-drill-age-seconds': 60,
  'backups.last-drill-ok': true,
  'backups.seconds-since-passing-drill': 60,
  'backups.offsite': false,
  ...f,
});

describe('backup alerts', () => {
  it('fire past RDO thresholds: newest backup older than 3 days, a failed check, no passing drill in 7 days', () => {
    expect(backupAlerts(facts({}))).toEqual([]);
    expect(backupAlerts(facts({ 'backups.newest-age-seconds': 3 * 86_400 }))).toEqual([]);
    expect(backupAlerts(facts({ 'backups.newest-age-seconds': 3 * 86_400 + 1 }))).toEqual(['newest backup 3 d old']);
    expect(backupAlerts(facts({ 'backups.newest-age-seconds': null }))).toEqual(['no backup yet']);
    expect(backupAlerts(facts({ 'backups.last-check-ok': false }))).toEqual(['restic check failed']);
    expect(backupAlerts(facts({ 'backups.last-backup-ok': false }))).toEqual(['last backup failed']);
    expect(backupAlerts(facts({ 'backups.last-drill-age-seconds': 7 * 86_400 + 1 }))).toEqual(['no passing drill in 7 d']);
    expect(backupAlerts(facts({ 'backups.last-drill-age-seconds': null }))).toEqual(['no passing drill in 7 d']);
  });
});

describe('manifest differences', () => {
  const m: BackupManifest = {
    format: 1,
    createdAt: '',
    rowCounts: { builds: 3, events: 9 },
    lastEventSeq: 9,
    labels: {},
    tools: {},
    datasets: [],
    rebuildable: [],
  };
  it('name each table whose count differs, a missing or extra table, and the last event seq', () => {
    expect(manifestDifferences(m, { counts: { builds: 3, events: 9 }, lastEventSeq: 9 })).toEqual([]);
    expect(manifestDifferences(m, { counts: { events: 8, extra: 1 }, lastEventSeq: 8 })).toEqual([
      'table builds missing (manifest: 3 rows)',
      'table events: 8 rows, manifest says 9',
      'table extra not in the manifest',
      'last event seq 8, manifest says 9',
    ]);
  });
});
