import type { AlertInstance } from './evaluate.js';

/** Alertmanager's "zero" time, which it sends as the end of an alert that still fires. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The JSON body Alertmanager's webhook receiver posts (version 4), so existing receivers work unchanged. */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

/** `{alertname="PackageFailing", package="pkg-a"}`: a label set as Alertmanager prints it. */
export function labelSetText(labels: Record<string, string>): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

export function groupLabelsOf(labels: Record<string, string>, groupBy: readonly string[]): Record<string, string> {
  return Object.fromEntries(groupBy.filter((k) => labels[k] !== undefined).map((k) => [k, labels[k]!]));
}

/** Alertmanager's group key for the root route: `{}:` then the group labels. */
export function groupKeyOf(labels: Record<string, string>, groupBy: readonly string[]): string {
  return `{}:${labelSetText(groupLabelsOf(labels, groupBy))}`;
}

function common(maps: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

export function generatorUrl(externalUrl: string, a: Pick<AlertInstance, 'fingerprint'>): string {
  return `${externalUrl}/api/alerts?fingerprint=${a.fingerprint}`;
}

/** The payload for one group's alerts (firing ones and those just resolved) to one receiver. */
export function webhookPayload(
  receiver: string,
  externalUrl: string,
  groupBy: readonly string[],
  alerts: readonly Pick<AlertInstance, 'fingerprint' | 'labels' | 'annotations' | 'state' | 'firedAt' | 'activeAt' | 'resolvedAt'>[],
): WebhookPayload {
  const shown: WebhookAlert[] = alerts.map((a) => ({
    status: a.state === 'resolved' ? 'resolved' : 'firing',
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.firedAt ?? a.activeAt).toISOString(),
    endsAt: a.state === 'resolved' && a.resolvedAt !== null ? new Date(a.resolvedAt).toISOString() : ZERO_TIME,
    generatorURL: generatorUrl(externalUrl, a),
    fingerprint: a.fingerprint,
  }));
  const labels = shown[0]?.labels ?? {};
  return {
    version: '4',
    groupKey: groupKeyOf(labels, groupBy),
    truncatedAlerts: 0,
    status: shown.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels: groupLabelsOf(labels, groupBy),
    commonLabels: common(shown.map((a) => a.labels)),
    commonAnnotations: common(shown.map((a) => a.annotations)),
    externalURL: externalUrl,
    alerts: shown,
  };
}
