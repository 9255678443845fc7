import { describe, expect, it } from 'vitest';
import { ACTIONS } from './actions.js';
import { fitHints } from './footer.js';

const byId = (...ids: string[]) => ids.map((id) => ACTIONS.find((a) => a.id === id)!);

describe('fitHints', () => {
  const hints = byId('filter', 'quit', 'help', 'alerts', 'palette');

  it('shows every hint when they fit, help in its place at the end', () => {
    // "/ filter  q quit  ! alerts  : cmd  ? help" is 41 columns.
    const { shown, dropped } = fitHints(hints, 41);
    expect(shown.map((a) => a.label)).toEqual(['filter', 'quit', 'alerts', 'cmd', 'help']);
    expect(dropped).toBe(0);
  });

  it('leaves out what does not fit but keeps help, which then says there is more', () => {
    const { shown, dropped } = fitHints(hints, 24);
    expect(shown.map((a) => a.label)).toEqual(['filter', 'quit', 'more']);
    expect(dropped).toBe(2);
    expect(shown.at(-1)!.keys[0]).toBe('?');
  });
});
