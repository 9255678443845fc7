import { createHash } from 'node:crypto';
import type { Facts } from '../area.js';
import { matchFacts, type Match } from './condition.js';
import { roughDuration } from './duration.js';
import type { AlertRule, Jump } from './rules.js';

export type AlertPhase = 'pending' | 'firing' | 'resolved';

/** One alert: a rule's condition holding for one label set (a rule with a fact pattern has one per match). */
export interface AlertInstance {
  /** Of the label set, as Alertmanager's: the alert's identity across evaluations. */
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  jump: Jump | null;
  fact: string;
  value: string | number | boolean;
  /** What was read and what the rule wants. */
  why: string;
  state: AlertPhase;
  /** When its condition began to hold. */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  forMs: number;
}

export interface Transition {
  fingerprint: string;
  rule: string;
  from: AlertPhase | 'inactive';
  to: AlertPhase | 'inactive';
}

/** How long a resolved alert is still shown and sent (Prometheus keeps resolved alerts 15 minutes). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export function fingerprintOf(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, name: string) => vars[name] ?? whole);
}

function instanceOf(rule: AlertRule, m: Match): Omit<AlertInstance, 'state' | 'activeAt' | 'firedAt' | 'resolvedAt'> {
  const vars = { ...m.labels, value: String(m.value), fact: m.fact, age: typeof m.value === 'number' ? roughDuration(m.value * 1000) : String(m.value) };
  const labels: Record<string, string> = { alertname: rule.name, severity: rule.severity, ...m.labels };
  for (const [k, v] of Object.entries(rule.labels)) labels[k] = fillTemplate(v, vars);
  const annotations: Record<string, string> = { summary: fillTemplate(rule.summary, vars) };
  if (rule.description) annotations.description = fillTemplate(rule.description, vars);
  const jump = rule.jump && { pane: fillTemplate(rule.jump.pane, vars), list: fillTemplate(rule.jump.list, vars), row: fillTemplate(rule.jump.row, vars) };
  return { fingerprint: fingerprintOf(labels), rule: rule.name, labels, annotations, jump, fact: m.fact, value: m.value, why: m.why, forMs: rule.forMs };
}

/**
 * One evaluation, as Prometheus does it: a condition that starts to hold makes an alert pending (firing at once
 * when the rule has no `for`); pending for `for` it fires; a pending alert whose condition stops holding goes
 * back to inactive, a firing one is resolved and kept `retentionMs` so receivers hear of it. An alert of a rule
 * no longer configured ends as its condition stopping would. Pure: the clock is `now`.
 */
export function evaluateRules(
  rules: readonly AlertRule[],
  facts: Facts,
  previous: readonly AlertInstance[],
  now: number,
  retentionMs = RESOLVED_RETENTION_MS,
): { alerts: AlertInstance[]; transitions: Transition[] } {
  const before = new Map(previous.map((a) => [a.fingerprint, a]));
  const alerts: AlertInstance[] = [];
  const transitions: Transition[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const m of matchFacts(rule.condition, facts)) {
      const fresh = instanceOf(rule, m);
      if (seen.has(fresh.fingerprint)) continue;
      seen.add(fresh.fingerprint);
      const old = before.get(fresh.fingerprint);
      const wasActive = old !== undefined && old.state !== 'resolved';
      const activeAt = wasActive ? old.activeAt : now;
      const fires = (old?.state === 'firing' && wasActive) || now - activeAt >= rule.forMs;
      const state: AlertPhase = fires ? 'firing' : 'pending';
      const firedAt = fires ? (wasActive && old.firedAt !== null ? old.firedAt : now) : null;
      alerts.push({ ...fresh, state, activeAt, firedAt, resolvedAt: null });
      const from = old === undefined || old.state === 'resolved' ? 'inactive' : old.state;
      if (from !== state) transitions.push({ fingerprint: fresh.fingerprint, rule: rule.name, from, to: state });
    }
  }
  for (const old of previous) {
    if (seen.has(old.fingerprint)) continue;
    if (old.state === 'firing') {
      alerts.push({ ...old, state: 'resolved', resolvedAt: now });
      transitions.push({ fingerprint: old.fingerprint, rule: old.rule, from: 'firing', to: 'resolved' });
    } else if (old.state === 'pending') {
      transitions.push({ fingerprint: old.fingerprint, rule: old.rule, from: 'pending', to: 'inactive' });
    } else if (old.resolvedAt !== null && now - old.resolvedAt < retentionMs) alerts.push(old);
  }
  return { alerts, transitions };
}
