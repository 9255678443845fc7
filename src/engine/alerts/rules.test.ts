import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { defaultConfigDir } from '../paths.js';
import { loadAlertsConfig } from './rules.js';

function dirWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-alerts-'));
  writeFileSync(join(dir, 'alerts.yml'), text);
  return dir;
}

function problem(text: string): ConfigError {
  const dir = dirWith(text);
  try {
    loadAlertsConfig(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).file).toBe(join(dir, 'alerts.yml'));
    return e as ConfigError;
  }
  throw new Error('accepted');
}

const RULE = `rules:
  - name: QueueLong
    fact: trunk.queue-length
    above: 10
    summary: queue is long
`;

describe('config/alerts.yml', () => {
  it('the shipped rules load, and apply when the config directory has no alerts.yml', () => {
    const shipped = loadAlertsConfig(defaultConfigDir());
    expect(shipped.rules.map((r) => r.name)).toEqual(
      expect.arrayContaining(['PackageFailing', 'PackageSkipped', 'LabelNotMoved', 'CandidatesAllFailing', 'HolderMissingVote', 'NodeFailed']),
    );
    expect(shipped.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['ReplicaLagging', 'ReplicationFailed', 'BackupTooOld', 'BackupCheckFailed']));
    expect(shipped.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['NoPassingDrill', 'ServiceDown']));
    expect(shipped.webhooks).toEqual([]);
    const empty = mkdtempSync(join(tmpdir(), 'rdo-alerts-'));
    expect(loadAlertsConfig(empty).rules).toEqual(shipped.rules);
    const stale = shipped.rules.find((r) => r.name === 'LabelNotMoved')!;
    expect(stale.condition).toEqual({
      fact: 'promotions.label-age-seconds.{label}',
      comparator: { op: 'above', value: 172800 },
      thresholds: { 'current-tripleo': 259200 },
    });
  });

  it('reads a rule with its defaults, durations and webhooks', () => {
    const c = loadAlertsConfig(
      dirWith(`evaluation-interval: 30s
webhooks:
  - url: http://127.0.0.1:9/hook
    timeout: 2s
${RULE}    for: 1h30m
    severity: critical
    labels: { team: trunk }
    jump: { pane: trunk, list: trunk.builds }
`),
    );
    expect(c.evaluationIntervalMs).toBe(30_000);
    expect(c.webhooks).toEqual([{ name: 'webhook-1', url: 'http://127.0.0.1:9/hook', timeoutMs: 2000, retries: 3, sendResolved: true }]);
    expect(c.rules[0]).toEqual({
      name: 'QueueLong',
      condition: { fact: 'trunk.queue-length', comparator: { op: 'above', value: 10 }, thresholds: {} },
      forMs: 5_400_000,
      severity: 'critical',
      labels: { team: 'trunk' },
      summary: 'queue is long',
      description: null,
      jump: { pane: 'trunk', list: 'trunk.builds', row: '' },
    });
  });

  it('every mistake names the file, the line and the field', () => {
    const e1 = problem(`${RULE}    for: soon\n`);
    expect(e1.line).toBe(6);
    expect(e1.field).toBe('rules[0].for');
    expect(e1.message).toContain('not a duration like 30s');
    const e2 = problem(`${RULE}    below: 3\n`);
    expect(e2.field).toBe('rules[0].below');
    expect(e2.message).toContain('give exactly one of');
    const e3 = problem(RULE.replace('    above: 10\n', ''));
    expect(e3.field).toBe('rules[0]');
    expect(e3.line).toBe(2);
    const e4 = problem(RULE.replace('queue is long', "'{package} fails'"));
    expect(e4.field).toBe('rules[0].summary');
    expect(e4.message).toContain('{package} is neither a capture of fact');
    const e5 = problem(`${RULE}    thresholds: { a: 1 }\n`);
    expect(e5.message).toContain('thresholds need a {capture}');
    const e6 = problem(`${RULE}    severity: loud\n`);
    expect(e6.field).toBe('rules[0].severity');
    const e7 = problem(`webhooks:\n  - url: ftp://x\n`);
    expect(e7).toMatchObject({ line: 2, field: 'webhooks[0].url' });
    const e8 = problem(RULE.replace('QueueLong', 'queue long'));
    expect(e8.field).toBe('rules[0].name');
    const e9 = problem(`${RULE}    labels: { alertname: x }\n`);
    expect(e9.message).toContain('alertname and severity are set from the rule');
    const e10 = problem(`${RULE}    colour: red\n`);
    expect(e10.message).toMatch(/colour/);
    const e11 = problem(RULE.replace('trunk.queue-length', 'x.{a}.{a}'));
    expect(e11.message).toContain('appears twice');
    const e12 = problem(`evaluation-interval: 100ms\n`);
    expect(e12.field).toBe('evaluation-interval');
  });
});
