import { describe, expect, it } from 'vitest';
import { heldLoops, paneTabs } from './header.js';

describe('heldLoops', () => {
  it('names each holder once with the loops it holds', () => {
    expect(heldLoops([])).toEqual([]);
    expect(
      heldLoops([
        { loop: 'trunk', reason: 'maintenance mw-1' },
        { loop: 'promoter', reason: 'maintenance mw-2' },
        { loop: 'trunk', reason: 'maintenance mw-2' },
        { loop: 'pool', reason: 'replica of http://a:8080' },
      ]),
    ).toEqual(['⏸ maintenance: trunk, promoter', '⏸ replica: pool']);
  });
});

describe('paneTabs', () => {
  const panes = [
    { id: 'trunk', key: '1', title: 'Trunk' },
    { id: 'pool', key: '2', title: 'CI pool' },
    { id: 'releases', key: '8', title: 'Releases' },
  ];
  const line = (width: number, active = 'releases') =>
    paneTabs(panes, active, width)
      .map((t) => t.text)
      .join('');

  it('shows every title when they fit', () => {
    expect(line(80)).toBe(' 1 Trunk   2 CI pool  [8 Releases] ');
  });

  it('keeps every key and the active title when they do not', () => {
    expect(line(20)).toBe(' 1  2 [8 Releases] ');
    expect(line(20, 'trunk')).toBe('[1 Trunk]  2  8 ');
  });
});
