import type { Facts } from '../area.js';
import type { Condition } from './runbook-schema.js';

/** Fills `{release}` in a runbook string. */
export function fill(text: string, release: string): string {
  return text.replaceAll('{release}', release);
}

export interface ConditionResult {
  holds: boolean;
  /** What was read and what was wanted: `releases.newton.missing-candidate = 2, want 0`. */
  why: string;
}

/** Evaluates a step's condition against the engine's facts; an absent fact never holds. */
export function evaluate(condition: Condition, facts: Facts, release: string): ConditionResult {
  const name = fill(condition.fact, release);
  const known = Object.hasOwn(facts, name);
  const value = known ? facts[name] : undefined;
  const shown = known ? JSON.stringify(value) : 'no such fact (yet)';
  if (condition.equals !== undefined) {
    const want = typeof condition.equals === 'string' ? fill(condition.equals, release) : condition.equals;
    return { holds: known && value === want, why: `${name} = ${shown}, want ${JSON.stringify(want)}` };
  }
  const bound = (condition['at-most'] ?? condition['at-least'])!;
  const atMost = condition['at-most'] !== undefined;
  const holds = typeof value === 'number' && (atMost ? value <= bound : value >= bound);
  return { holds, why: `${name} = ${shown}, want ${atMost ? '≤' : '≥'} ${bound}` };
}
