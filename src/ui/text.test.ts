import { describe, expect, it } from 'vitest';
import { duration, fit, sanitize, windowStart } from './format.js';
import { complete, paletteEntries, parseLine } from './palette-commands.js';
import { RingBuffer } from './ring-buffer.js';
import { scrollBy } from './scroll.js';

describe('row and line formatting', () => {
  it('fits text to a width, with an ellipsis when cut', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    expect(fit('abc', 0)).toBe('');
  });

  it('formats durations', () => {
    expect(duration(45_000)).toBe('45s');
    expect(duration(65_000)).toBe('1m05s');
    expect(duration(2 * 3600_000 + 180_000)).toBe('2h03m');
    expect(duration(27 * 3600_000)).toBe('1d03h');
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
  const operator = paletteEntries({ readOnly: false, role: 'operator' });

  it('lists engine and console commands; read-only drops dangerous ones, viewers every engine command', () => {
    expect(operator.map((e) => e.name)).toEqual(expect.arrayContaining(['trunk.run', 'trunk.force-rebuild', 'trunk.purge', 'audit', 'trunk']));
    const ro = paletteEntries({ readOnly: true, role: 'operator' }).map((e) => e.name);
    expect(ro).not.toContain('trunk.force-rebuild');
    expect(ro).not.toContain('trunk.purge');
    expect(ro).toContain('trunk.recheck');
    expect(paletteEntries({ readOnly: false, role: 'viewer' }).map((e) => e.name).filter((n) => n.includes('.'))).toEqual([]);
  });

  it('completes names and package arguments', () => {
    expect(complete('au', operator, [])).toBe('audit ');
    expect(complete('trunk.f', operator, [])).toBe('trunk.force-rebuild ');
    expect(complete('t', operator, [])).toBe('trunk');
    expect(complete('trunk.rec', operator, [])).toBe('trunk.recheck ');
    expect(complete('trunk.recheck pkg-b', operator, ['pkg-a', 'pkg-b'])).toBe('trunk.recheck pkg-b');
    expect(complete('trunk.recheck p', operator, ['pkg-a', 'pkg-b'])).toBe('trunk.recheck pkg-');
  });

  it('parses positional and key=value arguments against the registry', () => {
    expect(parseLine('trunk.recheck pkg-a', operator)).toEqual({ kind: 'engine', command: { name: 'trunk.recheck', args: { package: 'pkg-a' } } });
    expect(parseLine('trunk.purge 30 dryRun=true', operator)).toEqual({ kind: 'engine', command: { name: 'trunk.purge', args: { olderThan: 30, dryRun: true } } });
    expect(parseLine('trunk.purge soon', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('olderThan must be a number') });
    expect(parseLine('trunk.recheck', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('missing argument package') });
    expect(parseLine('aud', operator)).toEqual({ kind: 'console', name: 'audit' });
    expect(parseLine('trunk.r', operator)).toMatchObject({ kind: 'error', message: expect.stringContaining('ambiguous') });
    expect(parseLine('nope', operator)).toMatchObject({ kind: 'error', message: 'unknown command "nope"' });
  });
});
