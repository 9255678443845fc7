import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../store/db/alerts-store.js';
import { noticesOf } from './notices.js';
import { groupKeyOf, labelSetText, webhookPayload } from './payload.js';

const T = Date.UTC(2026, 11, 3, 6, 0, 0);

function alert(over: Partial<StoredAlert> & { package?: string; alertname?: string } = {}): StoredAlert {
  const { package: pkg = 'pkg-a', alertname = 'PackageFailing', ...rest } = over;
  return {
    fingerprint: `fp-${alertname}-${pkg}`,
    rule: alertname,
    labels: { alertname, severity: 'critical', package: pkg },
    annotations: { summary: `${pkg}: build failing` },
    jump: null,
    fact: `trunk.package-failing.${pkg}`,
    value: true,
    why: '',
    state: 'firing',
    activeAt: T - 60_000,
    firedAt: T,
    resolvedAt: null,
    forMs: 0,
    notified: false,
    ...rest,
  };
}

describe("Alertmanager's webhook payload", () => {
  it('has every field of version 4, with common labels and annotations of the group', () => {
    const p = webhookPayload(
      'on-call',
      'http://console.example:8080',
      ['alertname'],
      [alert(), alert({ package: 'pkg-b', state: 'resolved', resolvedAt: T + 60_000 })],
    );
    expect(p).toEqual({
      version: '4',
      groupKey: '{}:{alertname="PackageFailing"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'on-call',
      groupLabels: { alertname: 'PackageFailing' },
      commonLabels: { alertname: 'PackageFailing', severity: 'critical' },
      commonAnnotations: {},
      externalURL: 'http://console.example:8080',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'PackageFailing', severity: 'critical', package: 'pkg-a' },
          annotations: { summary: 'pkg-a: build failing' },
          startsAt: '2026-12-03T06:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://console.example:8080/api/alerts?fingerprint=fp-PackageFailing-pkg-a',
          fingerprint: 'fp-PackageFailing-pkg-a',
        },
        {
          status: 'resolved',
          labels: { alertname: 'PackageFailing', severity: 'critical', package: 'pkg-b' },
          annotations: { summary: 'pkg-b: build failing' },
          startsAt: '2026-12-03T06:00:00.000Z',
          endsAt: '2026-12-03T06:01:00.000Z',
          generatorURL: 'http://console.example:8080/api/alerts?fingerprint=fp-PackageFailing-pkg-b',
          fingerprint: 'fp-PackageFailing-pkg-b',
        },
      ],
    });
    expect(webhookPayload('x', 'http://h', ['alertname'], [alert({ state: 'resolved', resolvedAt: T })]).status).toBe('resolved');
  });

  it('group keys and label sets are printed as Alertmanager prints them (sorted, quoted)', () => {
    expect(labelSetText({ b: 'x"y', a: '1' })).toBe('{a="1", b="x\\"y"}');
    expect(groupKeyOf({ alertname: 'A', package: 'p', severity: 's' }, ['package', 'alertname'])).toBe('{}:{alertname="A", package="p"}');
    expect(groupKeyOf({ alertname: 'A' }, [])).toBe('{}:{}');
  });
});

describe('what an evaluation notifies', () => {
  const none = new Set<string>();
  it('a new firing alert sends its group with every firing alert of the group; nothing new, nothing sent', () => {
    const a = alert();
    const b = alert({ package: 'pkg-b', notified: true });
    const other = alert({ alertname: 'Other', notified: true });
    const n = noticesOf([a, b, other], none, none, ['alertname']);
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ groupKey: '{}:{alertname="PackageFailing"}', news: true, resolved: [] });
    expect(n[0]!.firing.map((x) => x.labels.package)).toEqual(['pkg-a', 'pkg-b']);
    expect(noticesOf([{ ...a, notified: true }, b, other], none, none, ['alertname'])).toEqual([]);
  });

  it('a silenced alert is not sent; a pending one neither', () => {
    const a = alert();
    expect(noticesOf([a], new Set([a.fingerprint]), none, ['alertname'])).toEqual([]);
    expect(noticesOf([alert({ state: 'pending', firedAt: null })], none, none, ['alertname'])).toEqual([]);
  });

  it('a resolution is sent only for an alert receivers were told of, and only when it just happened', () => {
    const told = alert({ state: 'resolved', resolvedAt: T, notified: true });
    const untold = alert({ package: 'pkg-b', state: 'resolved', resolvedAt: T, notified: false });
    const just = new Set([told.fingerprint, untold.fingerprint]);
    const n = noticesOf([told, untold], none, just, ['alertname']);
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ news: false, firing: [] });
    expect(n[0]!.resolved.map((x) => x.labels.package)).toEqual(['pkg-a']);
    expect(noticesOf([told], none, none, ['alertname'])).toEqual([]);
  });
});
