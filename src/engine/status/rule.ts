import type { ProbedState } from '../../store/db/status-store.js';

/** A service's state with the consecutive-result counters the hysteresis needs. */
export interface RuleState {
  state: ProbedState;
  fails: number;
  oks: number;
  slow: number;
  fast: number;
}

export interface Rule {
  failures: number;
  majorAfter: number;
  degradedMs: number;
  recover: number;
}

export interface ProbeOutcome {
  ok: boolean;
  latencyMs: number;
}

const SEVERITY: Record<ProbedState, number> = { operational: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3 };

export const INITIAL_RULE_STATE: RuleState = { state: 'operational', fails: 0, oks: 0, slow: 0, fast: 0 };

/**
 * The next state of a service after one probe result. Worse states come at once when enough results in a row
 * say so (`failures` failures → partial_outage, `majorAfter` → major_outage, `failures` slow answers →
 * degraded_performance); better ones only after `recover` good results in a row, so one answer never flaps it.
 */
export function nextRuleState(prev: RuleState, r: ProbeOutcome, rule: Rule): RuleState {
  if (!r.ok) {
    const fails = prev.fails + 1;
    const desired: ProbedState = fails >= rule.majorAfter ? 'major_outage' : fails >= rule.failures ? 'partial_outage' : prev.state;
    return { state: SEVERITY[desired] > SEVERITY[prev.state] ? desired : prev.state, fails, oks: 0, slow: 0, fast: 0 };
  }
  const isSlow = r.latencyMs > rule.degradedMs;
  const counters = { fails: 0, oks: prev.oks + 1, slow: isSlow ? prev.slow + 1 : 0, fast: isSlow ? 0 : prev.fast + 1 };
  const desired: ProbedState = isSlow && (counters.slow >= rule.failures || SEVERITY[prev.state] >= 1) ? 'degraded_performance' : 'operational';
  let state = prev.state;
  if (SEVERITY[desired] > SEVERITY[prev.state]) state = desired;
  else if (SEVERITY[desired] < SEVERITY[prev.state] && (desired === 'operational' ? counters.fast : counters.oks) >= rule.recover) state = desired;
  return { state, ...counters };
}
