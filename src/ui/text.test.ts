import { describe, expect, it } from 'vitest';
import { age, duration, fit, sanitize, windowStart, wrapLines, wrapText } from './format.js';
import { confirmLines, defaultQuestion } from './confirm.js';
import { complete, paletteEntries, parseLine } from './palette-commands.js';
import { RingBuffer } from './ring-buffer.js';
import { scrollBy } from './scroll.js';
import { CATALOG } from '../test-support/catalog.js';

describe('row and line formatting', () => {
  it('fits text to a width, with an ellipsis when cut', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    expect(fit('abc', 0)).toBe('');
  });

  it('wraps words to a width and starts a new line at a newline (a multi-line result never makes a line too long)', () => {
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('built 11\n  FAILED one', 20)).toEqual(['built 11', 'FAILED one']);
    expect(wrapText('a\n\nb', 5)).toEqual(['a', '', 'b']);
  });

  it('cuts wrapped lines to a count and ends the last with … only when some were left out', () => {
    expect(wrapLines('one two three four', 7, 2)).toEqual(['one two', 'three…']);
    expect(wrapLines('one two three four', 7, 3)).toEqual(['one two', 'three', 'four']);
    expect(wrapLines('abcdefg hijklmn opq', 7, 2)).toEqual(['abcdefg', 'hijklm…']);
    for (const l of wrapLines('abcdefg hijklmn opq', 7, 2)) expect(l.length).toBeLessThanOrEqual(7);
  });

  it('formats durations', () => {
    expect(duration(45_000)).toBe('45s');
    expect(duration(65_000)).toBe('1m05s');
    expect(duration(2 * 3600_000 + 180_000)).toBe('2h03m');
    expect(duration(27 * 3600_000)).toBe('1d03h');
  });

  it('formats compact ages of at most 5 columns (BUILT, FIRST FAILURE)', () => {
    expect(age(45_000)).toBe('45s');
    expect(age(12 * 60_000 + 3000)).toBe('12m');
    expect(age(3 * 3600_000 + 5 * 60_000)).toBe('3h05m');
    expect(age(14 * 3600_000 + 5 * 60_000)).toBe('14h');
    expect(age(51 * 3600_000)).toBe('2d03h');
    expect(age(12 * 86_400_000 + 3600_000)).toBe('12d');
    for (const ms of [0, 59_999, 3599_999, 35_999_999, 86_399_999, 863_999_999, 99 * 86_400_000]) expect(age(ms).length).toBeLessThanOrEqual(5);
  });

  it('strips escape sequences and control characters from log lines', () => {
    expect(sanitize('\x1b[31mred\x1b[0m\tx\r\x07')).toBe('red    x');
  });

  it('windows a long list around the selection', () => {
    expect(windowStart(5, 4, 10)).toBe(0);
    expect(windowStart(100, 0, 10)).toBe(0);
    expect(windowStart(100, 50, 10)).toBe(45);
    expect(windowStart(100, 99, 10)).toBe(90);
  });

  it('scrolls, sticking to the bottom once reached', () => {
    expect(scrollBy(null, -1, 10)).toBe(9);
    expect(scrollBy(9, 1, 10)).toBe(null);
    expect(scrollBy(0, -5, 10)).toBe(0);
  });
});

describe('ring buffer', () => {
  it('keeps the newest lines up to its capacity', () => {
    const b = new RingBuffer<number>(3);
    b.push(1, 2);
    expect(b.slice(0, 9)).toEqual([1, 2]);
    b.push(3, 4, 5);
    expect(b.length).toBe(3);
    expect(b.dropped).toBe(2);
    expect(b.slice(0, 3)).toEqual([3, 4, 5]);
    expect(b.at(0)).toBe(3);
  });
});

describe('command palette', () => {
  const operator = paletteEntries({ readOnly: false, role: 'operator', catalog: CATALOG });

  it('lists engine and console commands; read-only consoles and viewers get none of the engine commands', () => {
    expect(operator.map((e) => e.name)).toEqual(expect.arrayContaining(['trunk.run', 'trunk.force-rebuild', 'trunk.purge', 'audit', 'trunk']));
    const ro = paletteEntries({ readOnly: true, role: 'operator', catalog: CATALOG }).map((e) => e.name);
    expect(ro).toContain('audit');
    expect(ro.filter((n) => n.includes('.'))).toEqual([]);
    expect(
      paletteEntries({ readOnly: false, role: 'viewer', catalog: CATALOG })
        .map((e) => e.name)
        .filter((n) => n.includes('.')),
    ).toEqual([]);
  });

  it('completes names and package arguments', () => {
    expect(complete('au', operator, [])).toBe('audit ');
    expect(complete('trunk.f', operator, [])).toBe('trunk.force-rebuild ');
    expect(complete('tr', operator, [])).toBe('trunk');
    expect(complete('t', operator, [])).toBe('t');
    expect(complete('trunk.rec', operator, [])).toBe('trunk.recheck ');
    expect(complete('trunk.recheck pkg-b', operator, ['pkg-a', 'pkg-b'])).toBe('trunk.recheck pkg-b');
    expect(complete('trunk.recheck p', operator, ['pkg-a', 'pkg-b'])).toBe('trunk.recheck pkg-');
  });

  it('parses positional and key=value arguments against the registry', () => {
    expect(parseLine('trunk.recheck pkg-a', operator)).toEqual({ kind: 'engine', command: { name: 'trunk.recheck', args: { package: 'pkg-a' } } });
    expect(parseLine('trunk.purge 30 dryRun=true', operator)).toEqual({
      kind: 'engine',
      command: { name: 'trunk.purge', args: { olderThan: 30, dryRun: true } },
    });
    expect(parseLine('trunk.purge soon', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('olderThan must be a number') });
    expect(parseLine('trunk.recheck', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('missing argument package') });
    expect(parseLine('aud', operator)).toEqual({ kind: 'console', name: 'audit' });
    expect(parseLine('trunk.r', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('ambiguous') });
    expect(parseLine('nope', operator)).toMatchObject({ kind: 'error', message: 'unknown command "nope"' });
    // A name matches anywhere in it when it begins none: `rech` is trunk.recheck.
    expect(parseLine('rech pkg-a', operator)).toEqual({ kind: 'engine', command: { name: 'trunk.recheck', args: { package: 'pkg-a' } } });
    expect(parseLine('pause', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('ambiguous: loop.pause, trunk.pause') });
  });

  it('says a known command is not allowed (viewer, read-only) rather than unknown', () => {
    const viewer = { readOnly: false, role: 'viewer' as const, catalog: CATALOG };
    const ro = { readOnly: true, role: 'operator' as const, catalog: CATALOG };
    expect(parseLine('trunk.pause', paletteEntries(viewer), viewer)).toEqual({ kind: 'error', message: 'trunk.pause is not allowed for a viewer' });
    expect(parseLine('trunk.force-rebuild pkg-a', paletteEntries(viewer), viewer)).toEqual({
      kind: 'error',
      message: 'trunk.force-rebuild is not allowed for a viewer',
    });
    expect(parseLine('trunk.purge 30', paletteEntries(ro), ro)).toEqual({ kind: 'error', message: 'trunk.purge is not allowed in a read-only console' });
    // `promote` typed in full is refused, not taken as the prefix of the allowed `promoter.run`.
    expect(parseLine('promote a_b tripleo-ci-testing', paletteEntries(ro), ro)).toEqual({
      kind: 'error',
      message: 'promote is not allowed in a read-only console',
    });
    expect(parseLine('trunk.pause', paletteEntries(ro), ro)).toEqual({ kind: 'error', message: 'trunk.pause is not allowed in a read-only console' });
    expect(parseLine('nope', paletteEntries(viewer), viewer)).toMatchObject({ kind: 'error', message: 'unknown command "nope"' });
  });
});

describe('confirmation prompts', () => {
  it('name the target first; the detail follows when it fits, is shortened, or dropped', () => {
    const q = { question: 'Promote a1c77ab3_7564bfb4 → tripleo-ci-testing?', detail: 'missing: repoclosure' };
    expect(confirmLines(q, 80)).toEqual(['⚠ Promote a1c77ab3_7564bfb4 → tripleo-ci-testing? missing: repoclosure [y/N]']);
    const long = { ...q, detail: 'missing: repoclosure, tempest-full, tempest-scenario, upgrade' };
    const [cut] = confirmLines(long, 80);
    expect(cut).toMatch(/^⚠ Promote a1c77ab3_7564bfb4 → tripleo-ci-testing\? missing: repoclosure, .*… \[y\/N\]$/);
    expect(cut!.length).toBe(80);
    expect(confirmLines({ question: 'Delete node local-el9-0037?', detail: 'x'.repeat(80) }, 40)).toEqual(['⚠ Delete node local-el9-0037? [y/N]']);
  });

  it('never cut the target: a question wider than the terminal wraps', () => {
    const label = `very-long-label-${'x'.repeat(44)}`;
    const lines = confirmLines({ question: `Promote a1c77ab3_7564bfb4 → ${label}?`, detail: 'all criteria passed' }, 80);
    expect(lines.length).toBe(2);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.join(' ')).toBe(`⚠ Promote a1c77ab3_7564bfb4 → ${label}? [y/N]`);
  });

  it('default questions (palette) name the target', () => {
    expect(defaultQuestion({ name: 'trunk.force-rebuild', args: { package: 'openstack-demo-glance' } }, CATALOG).question).toBe(
      'Force rebuild openstack-demo-glance?',
    );
    expect(defaultQuestion({ name: 'pool.delete', args: { node: 'local-el9-0037' } }, CATALOG).question).toBe('Delete node local-el9-0037?');
    expect(defaultQuestion({ name: 'promote', args: { hash: 'a1c77ab3ffff_7564bfb4eeee', label: 'tripleo-ci-testing' } }, CATALOG).question).toBe(
      'Promote a1c77ab3_7564bfb4 → tripleo-ci-testing?',
    );
    // from/to of a mass-tag are tag names, not repo hashes: never shortened.
    expect(defaultQuestion({ name: 'release.mass-tag', args: { from: 'zed-testing', to: 'zed-release' } }, CATALOG).question).toBe(
      'Mass-tag zed-testing into zed-release?',
    );
    expect(defaultQuestion({ name: 'trunk.purge', args: { olderThan: 30 } }, CATALOG)).toEqual({
      question: 'Purge hashed repos older than 30 days?',
      detail: 'Remove hashed repos older than N days (never link targets)',
    });
  });
});
