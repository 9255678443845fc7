import { describe, expect, it } from 'vitest';
import type { Facts } from '../area.js';
import { matchFacts, type Condition } from './condition.js';
import { formatDuration, parseDuration, roughDuration } from './duration.js';
import { evaluateRules, fingerprintOf, RESOLVED_RETENTION_MS, type AlertInstance } from './evaluate.js';
import type { AlertRule } from './rules.js';

const MIN = 60_000;

function rule(over: Partial<Omit<AlertRule, 'condition'>> & { fact?: string; condition?: Partial<Condition> } = {}): AlertRule {
  const { fact, condition, ...rest } = over;
  return {
    name: 'QueueLong',
    condition: { fact: fact ?? 'trunk.queue-length', comparator: { op: 'above', value: 10 }, thresholds: {}, ...condition },
    forMs: 5 * MIN,
    severity: 'warning',
    labels: {},
    summary: 'queue has {value}',
    description: null,
    jump: null,
    ...rest,
  };
}

/** Runs evaluations at the given minutes with the facts each gives, and returns the states seen. */
function timeline(rules: AlertRule[], steps: [minute: number, facts: Facts][]) {
  let alerts: AlertInstance[] = [];
  return steps.map(([m, facts]) => {
    const r = evaluateRules(rules, facts, alerts, m * MIN);
    alerts = r.alerts;
    return { states: alerts.map((a) => a.state), transitions: r.transitions.map((t) => `${t.from}→${t.to}`), alerts };
  });
}

describe('durations', () => {
  it('reads Prometheus durations and bare seconds, refuses the rest', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('1w')).toBe(7 * 86_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration(300)).toBe(300_000);
    expect(parseDuration('300')).toBe(300_000);
    for (const bad of ['', '5x', 'm5', '1h 30m', '-5m', '1.5h', 'two hours']) expect(parseDuration(bad), bad).toBeNull();
    expect(parseDuration(-1)).toBeNull();
  });
  it('writes them back the shortest exact way, and roughly for ages', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
    expect(roughDuration(90_061_000)).toBe('1d1h');
    expect(roughDuration(330_000)).toBe('5m30s');
    expect(roughDuration(0)).toBe('0s');
    expect(roughDuration(3 * 86_400_000 + 1000)).toBe('3d');
    expect(roughDuration(999)).toBe('0s');
  });
});

describe('conditions over facts', () => {
  const facts: Facts = {
    'trunk.queue-length': 12,
    'trunk.package-failing.pkg-a': true,
    'trunk.package-failing.pkg-b': false,
    'trunk.package-skipped.pkg-a': null,
    'trunk.package-skipped.pkg-c': 'fetch failed: no route',
    'status.service.api.v2.state': 'major_outage',
    'status.service.web.state': 'operational',
    'promotions.label-age-seconds.a': 100,
    'promotions.label-age-seconds.b': 100,
  };
  const c = (fact: string, comparator: Condition['comparator'], thresholds: Record<string, number> = {}) => matchFacts({ fact, comparator, thresholds }, facts);

  it('compares a named fact: numbers, equality, sets; a number bound never holds for a string', () => {
    expect(c('trunk.queue-length', { op: 'above', value: 10 })).toEqual([
      { fact: 'trunk.queue-length', value: 12, labels: {}, why: 'trunk.queue-length = 12, want > 10' },
    ]);
    expect(c('trunk.queue-length', { op: 'above', value: 12 })).toEqual([]);
    expect(c('trunk.queue-length', { op: 'at-least', value: 12 })).toHaveLength(1);
    expect(c('trunk.queue-length', { op: 'below', value: 12 })).toEqual([]);
    expect(c('trunk.queue-length', { op: 'at-most', value: 12 })).toHaveLength(1);
    expect(c('trunk.queue-length', { op: 'equals', value: 12 })).toHaveLength(1);
    expect(c('trunk.queue-length', { op: 'not-equals', value: 12 })).toEqual([]);
    expect(c('trunk.queue-length', { op: 'in', value: [1, 12] })).toHaveLength(1);
    expect(c('trunk.queue-length', { op: 'not-in', value: [1, 12] })).toEqual([]);
    expect(c('status.service.web.state', { op: 'above', value: 0 })).toEqual([]);
  });

  it('an absent fact, or one with no value, never holds (a rule on facts not there yet is inactive)', () => {
    expect(c('replica.lag-seconds', { op: 'above', value: 0 })).toEqual([]);
    expect(c('replica.connected', { op: 'not-equals', value: true })).toEqual([]);
    expect(c('trunk.package-skipped.pkg-a', { op: 'exists' })).toEqual([]);
    expect(c('trunk.package-skipped.pkg-c', { op: 'exists' })).toHaveLength(1);
  });

  it('a pattern matches every fact of its shape and its captures become labels, dots included', () => {
    expect(c('trunk.package-failing.{package}', { op: 'equals', value: true }).map((m) => m.labels)).toEqual([{ package: 'pkg-a' }]);
    expect(c('trunk.package-skipped.{package}', { op: 'exists' })).toEqual([
      { fact: 'trunk.package-skipped.pkg-c', value: 'fetch failed: no route', labels: { package: 'pkg-c' }, why: expect.stringContaining('want a value') },
    ]);
    expect(c('status.service.{service}.state', { op: 'not-in', value: ['operational', 'under_maintenance'] }).map((m) => m.labels)).toEqual([
      { service: 'api.v2' },
    ]);
    // Literal dots of a pattern are not regex wildcards.
    expect(c('trunk.queue-length', { op: 'above', value: 0 })).toHaveLength(1);
    expect(matchFacts({ fact: 'trunk.queue.length', comparator: { op: 'above', value: 0 }, thresholds: {} }, facts)).toEqual([]);
  });

  it('thresholds give one capture value its own bound', () => {
    const m = c('promotions.label-age-seconds.{label}', { op: 'above', value: 50 }, { b: 200 });
    expect(m.map((x) => x.labels.label)).toEqual(['a']);
    expect(c('promotions.label-age-seconds.{label}', { op: 'above', value: 500 }, { b: 99 }).map((x) => x.why)).toEqual([
      'promotions.label-age-seconds.b = 100, want > 99',
    ]);
  });
});

describe('evaluation: inactive → pending → firing → resolved', () => {
  it('pending for `for`, then firing; stays firing; resolved when the condition stops; kept for the retention then gone', () => {
    const t = timeline(
      [rule()],
      [
        [0, { 'trunk.queue-length': 3 }],
        [1, { 'trunk.queue-length': 11 }],
        [5, { 'trunk.queue-length': 12 }],
        [6, { 'trunk.queue-length': 13 }],
        [7, { 'trunk.queue-length': 14 }],
        [8, { 'trunk.queue-length': 2 }],
        [9, { 'trunk.queue-length': 2 }],
        [8 + RESOLVED_RETENTION_MS / MIN, { 'trunk.queue-length': 2 }],
      ],
    );
    expect(t.map((s) => s.states)).toEqual([[], ['pending'], ['pending'], ['firing'], ['firing'], ['resolved'], ['resolved'], []]);
    expect(t.map((s) => s.transitions)).toEqual([[], ['inactive→pending'], [], ['pending→firing'], [], ['firing→resolved'], [], []]);
    const firing = t[3]!.alerts[0]!;
    expect(firing).toMatchObject({ activeAt: 1 * MIN, firedAt: 6 * MIN, resolvedAt: null, annotations: { summary: 'queue has 13' } });
    // While it fires, its annotations follow the value; its start does not move.
    expect(t[4]!.alerts[0]).toMatchObject({ firedAt: 6 * MIN, annotations: { summary: 'queue has 14' } });
    expect(t[5]!.alerts[0]).toMatchObject({ firedAt: 6 * MIN, resolvedAt: 8 * MIN, annotations: { summary: 'queue has 14' } });
  });

  it('fires exactly when `for` has elapsed, not a moment before', () => {
    let alerts: AlertInstance[] = [];
    const at = (ms: number, n = 11) => (alerts = evaluateRules([rule()], { 'trunk.queue-length': n }, alerts, ms).alerts)[0]!.state;
    expect(at(0)).toBe('pending');
    expect(at(5 * MIN - 1)).toBe('pending');
    expect(at(5 * MIN)).toBe('firing');
  });

  it('a pending alert whose condition stops goes back to inactive, without ever firing; its clock restarts', () => {
    const t = timeline(
      [rule()],
      [
        [0, { 'trunk.queue-length': 11 }],
        [4, { 'trunk.queue-length': 1 }],
        [5, { 'trunk.queue-length': 11 }],
        [9, { 'trunk.queue-length': 11 }],
        [10, { 'trunk.queue-length': 11 }],
      ],
    );
    expect(t.map((s) => s.states)).toEqual([['pending'], [], ['pending'], ['pending'], ['firing']]);
    expect(t[1]!.transitions).toEqual(['pending→inactive']);
  });

  it('without `for` it fires at the first evaluation; a resolved alert that holds again is a new one (pending → firing anew)', () => {
    const t = timeline(
      [rule({ forMs: 0 })],
      [
        [0, { 'trunk.queue-length': 11 }],
        [1, {}],
        [2, { 'trunk.queue-length': 11 }],
      ],
    );
    expect(t.map((s) => s.transitions)).toEqual([['inactive→firing'], ['firing→resolved'], ['inactive→firing']]);
    expect(t[2]!.alerts[0]).toMatchObject({ activeAt: 2 * MIN, firedAt: 2 * MIN, resolvedAt: null });
  });

  it('a fact that disappears resolves a firing alert (the thing it was about is gone)', () => {
    const r = rule({ name: 'PackageFailing', fact: 'trunk.package-failing.{package}', condition: { comparator: { op: 'equals', value: true } }, forMs: 0 });
    const t = timeline(
      [r],
      [
        [0, { 'trunk.package-failing.a': true, 'trunk.package-failing.b': true }],
        [1, { 'trunk.package-failing.a': false }],
      ],
    );
    expect(t[0]!.alerts.map((a) => [a.labels.package, a.state])).toEqual([
      ['a', 'firing'],
      ['b', 'firing'],
    ]);
    expect(t[1]!.alerts.map((a) => [a.labels.package, a.state])).toEqual([
      ['a', 'resolved'],
      ['b', 'resolved'],
    ]);
  });

  it('one alert per match, each with its own labels, fingerprint, summary and jump; rule labels are templated', () => {
    const r = rule({
      name: 'PackageFailing',
      fact: 'trunk.package-failing.{package}',
      condition: { comparator: { op: 'equals', value: true } },
      forMs: 0,
      severity: 'critical',
      labels: { team: 'trunk', owner: '{package}-maintainers' },
      summary: '{package}: build failing ({fact})',
      description: 'see {package}',
      jump: { pane: 'trunk', list: 'trunk.packages', row: 'p{package}' },
    });
    const [a, b] = evaluateRules([r], { 'trunk.package-failing.x': true, 'trunk.package-failing.y': true }, [], 0).alerts;
    expect(a).toMatchObject({
      rule: 'PackageFailing',
      labels: { alertname: 'PackageFailing', severity: 'critical', package: 'x', team: 'trunk', owner: 'x-maintainers' },
      annotations: { summary: 'x: build failing (trunk.package-failing.x)', description: 'see x' },
      jump: { pane: 'trunk', list: 'trunk.packages', row: 'px' },
      fact: 'trunk.package-failing.x',
      value: true,
    });
    expect(a!.fingerprint).toBe(fingerprintOf(a!.labels));
    expect(a!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(b!.fingerprint).not.toBe(a!.fingerprint);
    // Label order does not change the fingerprint.
    expect(fingerprintOf({ b: '1', a: '2' })).toBe(fingerprintOf({ a: '2', b: '1' }));
  });

  it('an alert whose rule is gone from the config ends as if its condition stopped', () => {
    const t0 = evaluateRules([rule({ forMs: 0 }), rule({ name: 'Other', forMs: 10 * MIN })], { 'trunk.queue-length': 20 }, [], 0);
    expect(t0.alerts.map((a) => `${a.rule}:${a.state}`)).toEqual(['QueueLong:firing', 'Other:pending']);
    const t1 = evaluateRules([], { 'trunk.queue-length': 20 }, t0.alerts, MIN);
    expect(t1.alerts.map((a) => `${a.rule}:${a.state}`)).toEqual(['QueueLong:resolved']);
    expect(t1.transitions.map((t) => `${t.rule} ${t.from}→${t.to}`)).toEqual(['QueueLong firing→resolved', 'Other pending→inactive']);
  });

  it('an alert that fires stays firing even if its rule’s `for` grows (firing is not undone)', () => {
    const t0 = evaluateRules([rule({ forMs: 0 })], { 'trunk.queue-length': 20 }, [], 0);
    const t1 = evaluateRules([rule({ forMs: 60 * MIN })], { 'trunk.queue-length': 20 }, t0.alerts, MIN);
    expect(t1.alerts[0]!.state).toBe('firing');
    expect(t1.transitions).toEqual([]);
  });

  it('two rules of the same name and labels make one alert, not two', () => {
    const r = evaluateRules([rule({ forMs: 0 }), rule({ forMs: 0 })], { 'trunk.queue-length': 20 }, [], 0);
    expect(r.alerts).toHaveLength(1);
  });
});
