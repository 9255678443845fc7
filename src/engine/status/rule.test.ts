import { describe, expect, it } from 'vitest';
import { INITIAL_RULE_STATE, nextRuleState, type ProbeOutcome, type Rule } from './rule.js';

const RULE: Rule = { failures: 2, majorAfter: 4, degradedMs: 1000, recover: 2 };
const up: ProbeOutcome = { ok: true, latencyMs: 10 };
const slow: ProbeOutcome = { ok: true, latencyMs: 5000 };
const down: ProbeOutcome = { ok: false, latencyMs: 10 };

function states(results: ProbeOutcome[], rule = RULE): string[] {
  let s = INITIAL_RULE_STATE;
  return results.map((r) => (s = nextRuleState(s, r, rule)).state);
}

describe('the state rule with hysteresis', () => {
  it('goes to partial then major outage after consecutive failures, and back only after `recover` successes', () => {
    expect(states([down, down, down, down, up, up, up])).toEqual([
      'operational',
      'partial_outage',
      'partial_outage',
      'major_outage',
      'major_outage',
      'operational',
      'operational',
    ]);
  });

  it('does not flap on one failure or one slow answer between good ones', () => {
    expect(states([up, down, up, slow, up, down, up])).toEqual(Array(7).fill('operational'));
  });

  it('is degraded after slow answers in a row; recovers from degraded after fast ones, from an outage to degraded while slow', () => {
    expect(states([slow, slow, up, slow, up, up])).toEqual([
      'operational',
      'degraded_performance',
      'degraded_performance',
      'degraded_performance',
      'degraded_performance',
      'operational',
    ]);
    expect(states([down, down, slow, slow, up, up])).toEqual([
      'operational',
      'partial_outage',
      'partial_outage',
      'degraded_performance',
      'degraded_performance',
      'operational',
    ]);
  });

  it('with failures 1 and recover 1 follows each result', () => {
    const rule = { failures: 1, majorAfter: 1, degradedMs: 1000, recover: 1 };
    expect(states([down, up, down, up], rule)).toEqual(['major_outage', 'operational', 'major_outage', 'operational']);
  });
});
