import type { DemoCommitKind } from './upstream-files.js';

export interface ScriptedAction {
  kind: DemoCommitKind;
  package: string;
}

/**
 * The demo's scripted activity, one action per step, over the demo packages in config order. Each cycle:
 * a normal commit to A, a commit that breaks B, a flaky commit to C, the fix of B, then one normal commit
 * to every package round-robin. A, B and C move on by three packages each cycle.
 */
export function scriptedAction(step: number, packages: readonly string[]): ScriptedAction {
  const n = packages.length;
  if (n === 0) throw new Error('no demo packages');
  const period = 4 + n;
  const cycle = Math.floor(step / period);
  const at = step % period;
  const pick = (offset: number) => packages[(cycle * 3 + offset) % n]!;
  switch (at) {
    case 0:
      return { kind: 'normal', package: pick(0) };
    case 1:
      return { kind: 'break', package: pick(1) };
    case 2:
      return { kind: 'flaky', package: pick(2) };
    case 3:
      return { kind: 'fix', package: pick(1) };
    default:
      return { kind: 'normal', package: packages[(cycle + at - 4) % n]! };
  }
}
