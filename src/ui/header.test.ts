import { describe, expect, it } from 'vitest';
import { heldLoops } from './header.js';

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
