import type { AlertsListView, AlertView } from '../engine/client/index.js';
import { age, timeOfDay } from './format.js';
import type { PaneData } from './panes/types.js';

/** An alert as the `!` list draws it, and the row of the pane it is about. */
export interface Alert {
  fingerprint: string;
  name: string;
  severity: AlertView['severity'];
  state: 'firing' | 'pending' | 'silenced' | 'resolved';
  /** One line: what is wrong. */
  text: string;
  /** Why it is in its state: pending how long of its `for`, silenced by whom and why, resolved when. */
  reason: string;
  labels: Record<string, string>;
  /** The pane, list and row key it jumps to (null: it concerns nothing the console shows). */
  pane: string | null;
  list: string | null;
  rowKey: string | null;
}

/** The engine's alerts view, once the console has it (null before: it knows of no alert yet). */
export function alertsView(data: PaneData): AlertsListView | null {
  return (data.views['alerts.list'] as AlertsListView | undefined) ?? null;
}

function reasonOf(a: AlertView, now: number): string {
  const s = a.silencedBy[0];
  if (a.state === 'resolved') return `resolved at ${timeOfDay(a.resolvedAt ?? now)}`;
  const base = a.state === 'pending' ? `pending ${age(now - a.activeAt)} of ${age(a.forMs)}` : `firing for ${age(now - (a.firedAt ?? a.activeAt))}`;
  return s ? `${base}; silenced by ${s.id} until ${timeOfDay(s.endsAt)} (${s.createdBy}: ${s.comment})` : base;
}

/**
 * What `!` lists, from the engine's alerts query: firing, then pending, then silenced (each with its reason),
 * then recently resolved; the engine orders them.
 */
export function alertsOf(data: PaneData): Alert[] {
  const v = alertsView(data);
  if (!v) return [];
  return v.alerts.map((a) => ({
    fingerprint: a.fingerprint,
    name: a.name,
    severity: a.severity,
    state: a.state === 'resolved' ? 'resolved' : a.silencedBy.length > 0 ? 'silenced' : a.state,
    text: a.summary,
    reason: reasonOf(a, v.now),
    labels: a.labels,
    pane: a.jump?.pane ?? null,
    list: a.jump?.list ?? null,
    rowKey: a.jump?.row || null,
  }));
}

/** What the header counts: firing alerts not silenced, and beside them pending and silenced ones. */
export function alertCounts(data: PaneData): AlertsListView['counts'] | null {
  return alertsView(data)?.counts ?? null;
}

/** The matchers that silence exactly this alert: every one of its labels (as Alertmanager's "silence" link). */
export function silenceMatcher(a: Pick<Alert, 'labels'>): string {
  return Object.entries(a.labels)
    .map(([k, v]) => `${k}=${/^[^\s,"]*$/.test(v) ? v : JSON.stringify(v)}`)
    .join(',');
}
