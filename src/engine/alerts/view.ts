import type { SilenceRow, StoredAlert } from '../../store/db/alerts-store.js';
import type { AlertPhase } from './evaluate.js';
import type { AlertsConfig, Jump, Severity } from './rules.js';
import { matcherText, matcherMatches, silenceState, silencing, type SilenceState } from './silences.js';

export interface AlertView {
  fingerprint: string;
  name: string;
  severity: Severity;
  state: AlertPhase;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pane, list and row the console jumps to, or null. */
  jump: Jump | null;
  fact: string;
  value: string | number | boolean;
  why: string;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  forMs: number;
  /** The active silences muting it (empty: it is not silenced). */
  silencedBy: { id: string; comment: string; createdBy: string; endsAt: number }[];
}

export interface SilenceView extends SilenceRow {
  state: SilenceState;
  /** Its matchers as one line: `alertname=PackageFailing,package=pkg-a`. */
  matcher: string;
  /** How many current alerts it matches. */
  matching: number;
}

export interface AlertsListView {
  now: number;
  /** When the alerts loop last evaluated (null: not in this process yet; the list is as of now either way). */
  evaluatedAt: number | null;
  intervalMs: number;
  rulesFile: string;
  rules: number;
  webhooks: string[];
  /** Firing, then pending, then silenced, then resolved; the most severe first within each. */
  alerts: AlertView[];
  silences: SilenceView[];
  /** Firing and not silenced; pending and not silenced; silenced (firing or pending); resolved lately. */
  counts: { firing: number; pending: number; silenced: number; resolved: number };
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Where an alert sorts in the list: what needs a human first. */
export function alertRank(a: Pick<AlertView, 'state' | 'silencedBy'>): number {
  if (a.state === 'resolved') return 3;
  if (a.silencedBy.length > 0) return 2;
  return a.state === 'firing' ? 0 : 1;
}

export function alertsListView(
  alerts: readonly StoredAlert[],
  silences: readonly SilenceRow[],
  now: number,
  { evaluatedAt, config }: { evaluatedAt: number | null; config: AlertsConfig },
): AlertsListView {
  const shown: AlertView[] = alerts.map((a) => ({
    fingerprint: a.fingerprint,
    name: a.rule,
    severity: (a.labels.severity ?? 'warning') as Severity,
    state: a.state,
    summary: a.annotations.summary ?? a.rule,
    labels: a.labels,
    annotations: a.annotations,
    jump: a.jump,
    fact: a.fact,
    value: a.value,
    why: a.why,
    activeAt: a.activeAt,
    firedAt: a.firedAt,
    resolvedAt: a.resolvedAt,
    forMs: a.forMs,
    silencedBy:
      a.state === 'resolved' ? [] : silencing(silences, a.labels, now).map((s) => ({ id: s.id, comment: s.comment, createdBy: s.createdBy, endsAt: s.endsAt })),
  }));
  shown.sort(
    (x, y) =>
      alertRank(x) - alertRank(y) ||
      (SEVERITY_RANK[x.severity] ?? 9) - (SEVERITY_RANK[y.severity] ?? 9) ||
      x.activeAt - y.activeAt ||
      x.summary.localeCompare(y.summary),
  );
  const rank = shown.map(alertRank);
  return {
    now,
    evaluatedAt,
    intervalMs: config.evaluationIntervalMs,
    rulesFile: config.file,
    rules: config.rules.length,
    webhooks: config.webhooks.map((w) => w.name),
    alerts: shown,
    silences: silences.map((s) => ({
      ...s,
      state: silenceState(s, now),
      matcher: s.matchers.map(matcherText).join(','),
      matching: shown.filter((a) => a.state !== 'resolved' && s.matchers.every((m) => matcherMatches(m, a.labels))).length,
    })),
    counts: {
      firing: rank.filter((r) => r === 0).length,
      pending: rank.filter((r) => r === 1).length,
      silenced: rank.filter((r) => r === 2).length,
      resolved: rank.filter((r) => r === 3).length,
    },
  };
}
