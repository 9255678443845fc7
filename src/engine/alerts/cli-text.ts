import { formatDuration } from './duration.js';
import type { AlertView, AlertsListView, SilenceView } from './view.js';

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The state word of an alert as every plain-text list shows it. */
export function stateWord(a: Pick<AlertView, 'state' | 'silencedBy'>): string {
  if (a.state === 'resolved') return 'RESOLVED';
  if (a.silencedBy.length > 0) return 'SILENCED';
  return a.state === 'firing' ? 'FIRING' : 'PENDING';
}

/** Why an alert is in its state: how long it has fired, how far into its `for`, who silenced it. */
export function alertWhen(a: AlertView, now: number): string {
  if (a.state === 'resolved') return `resolved ${iso(a.resolvedAt!)}`;
  const base =
    a.state === 'firing'
      ? `firing for ${formatDuration(now - (a.firedAt ?? a.activeAt))}`
      : `pending ${formatDuration(now - a.activeAt)} of ${formatDuration(a.forMs)}`;
  const s = a.silencedBy[0];
  return s ? `${base}; silenced by ${s.id} (${s.createdBy}: ${s.comment}) until ${iso(s.endsAt)}` : base;
}

export function alertsText(v: AlertsListView): string {
  const lines = v.alerts.map((a) => `${stateWord(a).padEnd(9)}${a.severity.padEnd(9)}${a.summary}  [${a.name}] — ${alertWhen(a, v.now)} · ${a.why}`);
  const c = v.counts;
  lines.push(
    `${c.firing} firing, ${c.pending} pending, ${c.silenced} silenced, ${c.resolved} resolved · ${v.rules} rules from ${v.rulesFile}` +
      (v.silences.some((s) => s.state !== 'expired') ? ` · ${v.silences.filter((s) => s.state !== 'expired').length} silence(s)` : ''),
  );
  return lines.join('\n');
}

export function silenceLine(s: SilenceView): string {
  const when =
    s.state === 'pending' ? `from ${iso(s.startsAt)} until ${iso(s.endsAt)}` : s.state === 'active' ? `until ${iso(s.endsAt)}` : `ended ${iso(s.endsAt)}`;
  return `${s.id.padEnd(6)} ${s.state.padEnd(8)} ${s.matcher}  ${when}  by ${s.createdBy}: ${s.comment}  (matches ${s.matching})`;
}

export function silencesText(v: Pick<AlertsListView, 'silences'>): string {
  return v.silences.length === 0 ? '(no silences)' : v.silences.map(silenceLine).join('\n');
}
