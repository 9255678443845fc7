import { STATE_WORDS, type IncidentView, type ServiceState, type ServiceView, type StatusView, type UptimeDay } from '../../../engine/client/index.js';
import { age } from '../../format.js';
import type { Tone } from '../../theme.js';
import type { Badge, Cell, ListRow, ListSpec, PaneData } from '../types.js';

export type StatusTarget = { kind: 'service'; service: ServiceView } | { kind: 'incident'; incident: IncidentView };

/** Days in the pane's uptime bar (the page and the CLI show all 90). */
export const BAR_DAYS = 20;

const TONE: Record<ServiceState, Tone> = {
  operational: 'ok',
  degraded_performance: 'warn',
  partial_outage: 'bad',
  major_outage: 'bad',
  under_maintenance: 'accent',
};

export const viewOf = (data: PaneData) => data.views['status.summary'] as StatusView | undefined;

export function stateCell(s: ServiceState): Cell {
  const w = STATE_WORDS[s];
  return { text: `${w.symbol} ${w.word}`, tone: TONE[s] };
}

/** One glyph a day, by the worst state of that day (taller is better), so it reads without colour. */
export function uptimeBar(days: readonly UptimeDay[], n = BAR_DAYS): string {
  const glyph = (d: UptimeDay) =>
    d.worst === null ? '·' : d.worst === 'major_outage' ? '▁' : d.worst === 'partial_outage' ? '▃' : d.worst === 'degraded_performance' ? '▅' : '█';
  return days.slice(-n).map(glyph).join('');
}

const pct = (r: number | null) => (r === null ? '-' : `${(Math.floor(r * 1000) / 10).toFixed(1)}%`);

function serviceRow(s: ServiceView, now: number): ListRow<StatusTarget> {
  const why = s.state !== 'operational' && s.error ? s.error : s.description;
  return {
    key: s.name,
    copy: s.name,
    cells: [stateCell(s.state), s.group, s.name, s.latencyMs === null ? '-' : `${s.latencyMs}ms`, uptimeBar(s.uptime), pct(s.uptimeRatio)],
    target: { kind: 'service', service: s },
    describe: [
      `${s.name}: ${s.probe}`,
      s.muted && s.probedState !== 'operational' ? `probes say ${STATE_WORDS[s.probedState].word}` : '',
      s.since !== null ? `since ${age(now - s.since)}` : 'not probed yet',
      why ?? '',
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

export const SERVICES_LIST: ListSpec<StatusTarget> = {
  id: 'status.services',
  title: 'Services',
  columns: [
    { title: 'STATE', width: 16 },
    { title: 'GROUP', width: 6, flex: true, max: 14 },
    { title: 'SERVICE', width: 8, flex: true, max: 24 },
    { title: 'LATENCY', width: 7, align: 'right' },
    { title: `LAST ${BAR_DAYS} DAYS`, width: BAR_DAYS },
    { title: '90D', width: 6, align: 'right' },
  ],
  rows: (data, now) => {
    const v = viewOf(data);
    if (!v) return [];
    return v.groups.flatMap((g) => v.services.filter((s) => s.group === g).map((s) => serviceRow(s, now)));
  },
  summary: (data) => {
    const v = viewOf(data);
    if (!v) return 'loading';
    const maint = v.services.filter((s) => s.state === 'under_maintenance').length;
    return `${v.services.length} services · ${v.notOperational} not operational${maint ? ` · ${maint} in maintenance` : ''}`;
  },
};

const INCIDENT_TONE: Record<IncidentView['status'], Tone> = { investigating: 'bad', identified: 'warn', monitoring: 'accent', resolved: 'muted' };

function incidentRow(i: IncidentView, now: number): ListRow<StatusTarget> {
  const last = i.updates[0];
  return {
    key: String(i.id),
    copy: String(i.id),
    cells: [
      { text: `${i.status === 'resolved' ? '✓' : '!'} ${i.status}`, tone: INCIDENT_TONE[i.status] },
      `#${i.id}`,
      i.name,
      i.impact,
      i.services.join(',') || '-',
      age(now - i.updatedAt),
    ],
    target: { kind: 'incident', incident: i },
    describe: last ? `#${i.id} ${last.status} by ${last.author}: ${last.body}` : undefined,
  };
}

export const INCIDENTS_LIST: ListSpec<StatusTarget> = {
  id: 'status.incidents',
  title: 'Incidents',
  columns: [
    { title: 'STATUS', width: 15 },
    { title: 'ID', width: 4 },
    { title: 'NAME', width: 10, flex: true },
    { title: 'IMPACT', width: 8 },
    { title: 'SERVICES', width: 8, flex: true, max: 30 },
    { title: 'UPDATED', width: 8 },
  ],
  rows: (data, now) => (viewOf(data)?.incidents ?? []).map((i) => incidentRow(i, now)),
  summary: (data) => {
    const list = viewOf(data)?.incidents ?? [];
    return `${list.filter((i) => i.status !== 'resolved').length} open · ${list.filter((i) => i.status === 'resolved').length} resolved`;
  },
};

/** The line above the lists: the page's overall state, as /status words it, and when it was last probed. */
export function statusHeading(v: StatusView | undefined, now: number): string {
  if (!v) return 'loading service status…';
  if (v.services.length === 0) return 'no services configured (config/status.yml)';
  const symbol = v.indicator === 'none' ? '●' : v.indicator === 'maintenance' ? '⚒' : '▲';
  const probed = v.lastRoundAt ? `probed ${age(now - v.lastRoundAt)} ago` : 'not probed yet';
  return `${symbol} ${v.description} · ${probed}${v.stale ? ' ⚠ STALE: is the engine running its loops?' : ''} · every ${v.intervalMs / 1000}s`;
}

/** Header: how many services are not operational, and open incidents. */
export function statusBadges(data: PaneData): Badge[] {
  const v = viewOf(data);
  if (!v) return [];
  const out: Badge[] = [];
  if (v.notOperational > 0) out.push({ text: `✖ ${v.notOperational} down`, tone: 'bad', rank: 8 });
  const open = v.incidents.filter((i) => i.status !== 'resolved').length;
  if (open > 0) out.push({ text: `! ${open} incident${open > 1 ? 's' : ''}`, tone: 'warn', rank: 9 });
  return out;
}
