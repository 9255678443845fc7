import { describe, expect, it } from 'vitest';
import type { Facts } from '../area.js';
import { defaultConfigDir } from '../paths.js';
import { evaluateRules } from './evaluate.js';
import { loadAlertsConfig } from './rules.js';

const { rules } = loadAlertsConfig(defaultConfigDir());
const DAY = 86_400;

/** The shipped rules over these facts, long enough for every `for` to have run out: what fires, as summaries. */
function firing(facts: Facts): string[] {
  const first = evaluateRules(rules, facts, [], 0).alerts;
  return evaluateRules(rules, facts, first, 3_600_000)
    .alerts.filter((a) => a.state === 'firing')
    .map((a) => `${a.rule}: ${a.annotations.summary}${a.jump ? ` → ${a.jump.pane}/${a.jump.list}/${a.jump.row}` : ''}`);
}

const healthy: Facts = {
  'trunk.package-failing.pkg-a': false,
  'trunk.package-skipped.pkg-a': null,
  'promotions.label-age-seconds.tripleo-ci-testing': 3600,
  'promotions.label-age-seconds.current-tripleo': 3 * DAY - 1,
  'promotions.candidates-failing.tripleo-ci-testing': null,
  'promotions.holder-stuck.tripleo-ci-testing': null,
  'ci.launch-failures': 0,
  'backups.newest-age-seconds': 3600,
  'backups.last-backup-ok': true,
  'backups.last-check-ok': true,
  'backups.seconds-since-passing-drill': DAY,
  'backups.last-drill-ok': true,
  'status.service.api.state': 'operational',
  'status.service.web.state': 'under_maintenance',
};

describe('the shipped alert rules (config/alerts.yml)', () => {
  it('are quiet when all is well, and when the facts they read do not exist (no replica, no status area)', () => {
    expect(firing(healthy)).toEqual([]);
    expect(firing({})).toEqual([]);
    // Before a first backup: no backup age, no drill clock — nothing to alert on yet.
    expect(firing({ ...healthy, 'backups.newest-age-seconds': null, 'backups.seconds-since-passing-drill': null, 'backups.last-drill-ok': null })).toEqual([]);
  });

  it('each names what it concerns and where the console jumps', () => {
    expect(
      firing({
        ...healthy,
        'trunk.package-failing.pkg-a': true,
        'trunk.package-skipped.pkg-b': 'git fetch failed: no route to host',
        'promotions.label-age-seconds.tripleo-ci-testing': 2 * DAY + 3600,
        'promotions.label-age-seconds.current-tripleo': 2 * DAY + 3600,
        'promotions.candidates-failing.tripleo-ci-testing': 'all 2 candidates fail (repoclosure)',
        'promotions.holder-stuck.tripleo-ci-testing': 'holds abcd1234: no run of install-check for current-tripleo',
        'ci.node-failed.node-3': 'launch failed: disk full',
        'ci.launch-failures': 2,
      }),
    ).toEqual([
      'PackageFailing: pkg-a: build failing → trunk/trunk.packages/ppkg-a',
      'PackageSkipped: pkg-b: skipped — git fetch failed: no route to host → trunk/trunk.packages/ppkg-b',
      // current-tripleo has its own age (3 days): 2 days and an hour is not too old for it.
      'LabelNotMoved: tripleo-ci-testing: not promoted for 2d1h → promotions/promotions.labels/ltripleo-ci-testing',
      'CandidatesAllFailing: tripleo-ci-testing: all 2 candidates fail (repoclosure) → promotions/promotions.labels/ltripleo-ci-testing',
      'HolderMissingVote: tripleo-ci-testing holds abcd1234: no run of install-check for current-tripleo → promotions/promotions.labels/ltripleo-ci-testing',
      'NodeFailed: node node-3 failed: launch failed: disk full → pool/pool.nodes/nnode-3',
      'NodeLaunchesFailing: pool: 2 node launch(es) failed → pool/pool.nodes/',
    ]);
  });

  it('replica lag and disconnection, old backups, a failed check, no passing drill in 7 days, a service down', () => {
    expect(
      firing({
        ...healthy,
        'replica.lag-seconds': 120,
        'replica.connected': false,
        'backups.newest-age-seconds': 3 * DAY + 1,
        'backups.last-check-ok': false,
        'backups.seconds-since-passing-drill': 7 * DAY + 1,
        'status.service.api.state': 'major_outage',
        'status.service.repos.mirror.state': 'degraded_performance',
      }),
    ).toEqual([
      'ReplicaLagging: replica 2m behind the primary',
      'ReplicationFailed: replica disconnected from the primary for 10 minutes',
      'BackupTooOld: backups: newest backup 3d old (alert past 3 days) → backups/backups.health/backup',
      'BackupCheckFailed: backups: restic check failed → backups/backups.health/check',
      'NoPassingDrill: backups: no passing restore drill in 7 days → backups/backups.health/drill',
      'ServiceDown: api: major_outage → status/status.services/sapi',
      'ServiceDown: repos.mirror: degraded_performance → status/status.services/srepos.mirror',
    ]);
  });

  it('replication must have failed for 10 minutes before it fires, as RDO’s runbook says', () => {
    const facts = { 'replica.connected': false };
    const at9 = evaluateRules(rules, facts, evaluateRules(rules, facts, [], 0).alerts, 9 * 60_000).alerts;
    expect(at9.map((a) => a.state)).toEqual(['pending']);
    expect(evaluateRules(rules, facts, at9, 10 * 60_000).alerts.map((a) => a.state)).toEqual(['firing']);
  });
});
