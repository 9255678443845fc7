import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { matcherMatches, matcherText, parseMatchers, silenceState, silencing, type Silence } from './silences.js';

const labels = { alertname: 'PackageFailing', severity: 'critical', package: 'pkg-a' };

describe('matchers (Alertmanager)', () => {
  it('parses =, !=, =~, !~, several separated by commas, quoted values with commas', () => {
    expect(parseMatchers('alertname=PackageFailing, package=~pkg-.*,severity!=info,team!~db|net')).toEqual([
      { name: 'alertname', op: '=', value: 'PackageFailing' },
      { name: 'package', op: '=~', value: 'pkg-.*' },
      { name: 'severity', op: '!=', value: 'info' },
      { name: 'team', op: '!~', value: 'db|net' },
    ]);
    expect(parseMatchers('summary="a, b",x=1')).toEqual([
      { name: 'summary', op: '=', value: 'a, b' },
      { name: 'x', op: '=', value: '1' },
    ]);
    expect(matcherText({ name: 'summary', op: '=', value: 'a, b' })).toBe('summary="a, b"');
    expect(parseMatchers(matcherText({ name: 'summary', op: '=', value: 'a, "b"' }))).toEqual([{ name: 'summary', op: '=', value: 'a, "b"' }]);
  });

  it('refuses what is not a matcher, an empty list and a bad regex, naming it', () => {
    const refused = (text: string) => {
      try {
        parseMatchers(text);
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).kind).toBe('bad-request');
        return (e as Error).message;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(refused('')).toContain('give at least one');
    expect(refused('package')).toContain('"package" is not name=value');
    expect(refused('1x=a')).toContain('is not name=value');
    expect(refused('package=~pkg-(')).toContain('is not a regular expression');
  });

  it('match as Alertmanager: anchored regexes, an absent label is the empty string', () => {
    const m = (text: string) => parseMatchers(text).every((x) => matcherMatches(x, labels));
    expect(m('package=pkg-a')).toBe(true);
    expect(m('package=pkg')).toBe(false);
    expect(m('package=~pkg')).toBe(false);
    expect(m('package=~pkg-.')).toBe(true);
    expect(m('package!~pkg-.')).toBe(false);
    expect(m('severity!=info')).toBe(true);
    expect(m('team=')).toBe(true);
    expect(m('team!=')).toBe(false);
    expect(m('team=~.*')).toBe(true);
  });
});

describe('silences', () => {
  const s = (over: Partial<Silence>): Silence => ({
    id: 's-1',
    matchers: parseMatchers('alertname=PackageFailing'),
    startsAt: 100,
    endsAt: 200,
    createdBy: 'alice',
    comment: 'known',
    createdAt: 50,
    ...over,
  });

  it('are pending before they start, active until they end (end excluded), then expired', () => {
    expect(silenceState(s({}), 99)).toBe('pending');
    expect(silenceState(s({}), 100)).toBe('active');
    expect(silenceState(s({}), 199)).toBe('active');
    expect(silenceState(s({}), 200)).toBe('expired');
  });

  it('mute an alert only while active and only when every matcher matches', () => {
    const all = [s({}), s({ id: 's-2', matchers: parseMatchers('alertname=PackageFailing,package=pkg-b') }), s({ id: 's-3', startsAt: 150 })];
    expect(silencing(all, labels, 120).map((x) => x.id)).toEqual(['s-1']);
    expect(silencing(all, labels, 160).map((x) => x.id)).toEqual(['s-1', 's-3']);
    expect(silencing(all, labels, 200)).toEqual([]);
    expect(silencing(all, { ...labels, alertname: 'Other' }, 120)).toEqual([]);
  });
});
