import { describe, expect, it } from 'vitest';
import { scriptedAction } from './sequence.js';

describe('scriptedAction', () => {
  const pkgs = ['a', 'b', 'c', 'd', 'e'];

  it('starts normal, break, flaky, fix, then normal commits round-robin', () => {
    const steps = Array.from({ length: 9 }, (_, i) => scriptedAction(i, pkgs));
    expect(steps.map((s) => `${s.kind}:${s.package}`)).toEqual([
      'normal:a',
      'break:b',
      'flaky:c',
      'fix:b',
      'normal:a',
      'normal:b',
      'normal:c',
      'normal:d',
      'normal:e',
    ]);
  });

  it('moves the broken and flaky packages on each cycle', () => {
    const second = Array.from({ length: 4 }, (_, i) => scriptedAction(9 + i, pkgs));
    expect(second.map((s) => `${s.kind}:${s.package}`)).toEqual(['normal:d', 'break:e', 'flaky:a', 'fix:e']);
  });

  it('works with a single package', () => {
    expect(scriptedAction(3, ['only'])).toEqual({ kind: 'fix', package: 'only' });
  });
});
