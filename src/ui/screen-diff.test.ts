import { describe, expect, it } from 'vitest';
import { drawAll, drawChanges, parseFrame, parseLine } from './screen-diff.js';

const frame = (rows: string[]) => rows.join('\n');
const base = Array.from({ length: 24 }, (_, i) => `row ${String(i).padStart(2, '0')} ${'unchanged text '.repeat(4)}`);

describe('drawing only what changed', () => {
  it('writes the one row that differs and none of the unchanged ones', () => {
    const next = [...base];
    next[7] = 'row 07 this line is new';
    const { text, rows } = drawChanges(parseFrame(frame(base), 80, 24), parseFrame(frame(next), 80, 24));
    expect(text).toContain('this line is new');
    expect(text).toContain('\x1b[8;'); // the cursor goes to row 8 (1-based)
    expect(rows).toBe(1);
    for (const [i, line] of base.entries()) if (i !== 7) expect(text).not.toContain(line.slice(0, 6));
    // The old line was longer: the rest of it is erased, not left on screen.
    expect(text).toContain('\x1b[K');
    expect(text.length).toBeLessThan(60);
  });

  it('writes nothing when nothing changed', () => {
    expect(drawChanges(parseFrame(frame(base), 80, 24), parseFrame(frame(base), 80, 24)).text).toBe('');
  });

  it('rewrites only the cells that differ inside a row, in their style', () => {
    const before = 'STATUS  python-nova  ago: 12s  ok';
    const after = 'STATUS  python-nova  ago: 13s  ok';
    const { text } = drawChanges(parseFrame(before, 80, 1), parseFrame(after, 80, 1));
    expect(text).toBe('\x1b[1;28H\x1b[0m3');
  });

  it('moves a selection bar: both rows change style, and the SGR is reset at the end', () => {
    const a = ['\x1b[7m> one\x1b[27m', '  two'].join('\n');
    const b = ['  one', '\x1b[7m> two\x1b[27m'].join('\n');
    const { text, rows } = drawChanges(parseFrame(a, 20, 2), parseFrame(b, 20, 2));
    expect(rows).toBe(2);
    expect(text).toContain('\x1b[0;7m> two');
    expect(text.endsWith('\x1b[0m')).toBe(true);
  });

  it('counts a wide character as two columns', () => {
    const cells = parseLine('日本 x', 10);
    expect(cells.slice(0, 6).map((c) => c.ch)).toEqual(['日', '', '本', '', ' ', 'x']);
    const { text } = drawChanges(parseFrame('日本 x', 10, 1), parseFrame('日本 y', 10, 1));
    expect(text).toBe('\x1b[1;6H\x1b[0my');
  });

  it('rewrites a wide character whole when only its half changes', () => {
    const { text } = drawChanges(parseFrame('ab日', 10, 1), parseFrame('abcd', 10, 1));
    expect(text).toBe('\x1b[1;3H\x1b[0mcd');
  });

  it('keeps styles across SGR forms: 39/49 and 22 close what they close, 0 resets', () => {
    const cells = parseLine('\x1b[1;31ma\x1b[39mb\x1b[22mc\x1b[44md\x1b[0me', 5);
    expect(cells.map((c) => c.style)).toEqual(['1;31', '1', '', '44', '']);
  });

  it('redraws everything when the size changed', () => {
    const { text, rows } = drawChanges(parseFrame('a', 80, 24), parseFrame('a', 100, 30));
    expect(text.startsWith('\x1b[0m\x1b[H\x1b[2J')).toBe(true);
    expect(rows).toBe(30);
    expect(drawAll(parseFrame('a\n\nb', 10, 3))).toBe('\x1b[0m\x1b[H\x1b[2J\x1b[1;1Ha\x1b[3;1Hb');
  });
});
