import type { scheduledMaintenances } from '../maintenance/feeds.js';
import type { IncidentView, ServiceView, StatusView } from './view.js';

/**
 * Statuspage's public API v2 (`/api/v2/summary.json`, `status.json`, `components.json`, `incidents.json`), so
 * tools that read Statuspage pages read this one. Services are components; each group is a group component
 * listing its services' ids.
 */
const PAGE_ID = 'rdo';
type ScheduledMaintenance = ReturnType<typeof scheduledMaintenances>['scheduled_maintenances'][number];
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const groupId = (g: string) => `group-${g.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

function pageOf(v: StatusView) {
  return { id: PAGE_ID, name: v.pageName, url: '/status', time_zone: 'Etc/UTC', updated_at: iso(v.lastRoundAt ?? v.now) };
}

function firstSeen(s: ServiceView): number {
  const day = s.uptime.find((d) => d.knownMs > 0)?.day;
  return day ? Date.parse(`${day}T00:00:00Z`) : (s.checkedAt ?? 0);
}

function component(s: ServiceView, position: number) {
  return {
    id: s.name,
    name: s.name,
    status: s.state,
    created_at: iso(firstSeen(s)),
    updated_at: iso(s.since ?? s.checkedAt ?? 0),
    position,
    description: s.description,
    showcase: true,
    start_date: null,
    group_id: groupId(s.group),
    page_id: PAGE_ID,
    group: false,
    only_show_if_degraded: false,
  };
}

export function components(v: StatusView) {
  const out: Record<string, unknown>[] = [];
  let position = 1;
  for (const g of v.groups) {
    const members = v.services.filter((s) => s.group === g);
    const worst = members.map((s) => s.state).sort((a, b) => RANK[b] - RANK[a])[0] ?? 'operational';
    out.push({
      id: groupId(g),
      name: g,
      status: worst,
      created_at: iso(0),
      updated_at: iso(v.lastRoundAt ?? v.now),
      position: position++,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: PAGE_ID,
      group: true,
      only_show_if_degraded: false,
      components: members.map((s) => s.name),
    });
    for (const s of members) out.push(component(s, position++));
  }
  return out;
}

const RANK = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 } as const;

export function incident(i: IncidentView, v: StatusView) {
  const affected = v.services.filter((s) => i.services.includes(s.name));
  return {
    id: String(i.id),
    name: i.name,
    status: i.status,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    impact: i.impact,
    shortlink: null,
    started_at: iso(i.createdAt),
    page_id: PAGE_ID,
    incident_updates: i.updates.map((u) => ({
      id: String(u.id),
      status: u.status,
      body: u.body,
      incident_id: String(i.id),
      created_at: iso(u.at),
      updated_at: iso(u.at),
      display_at: iso(u.at),
      affected_components: affected.map((s) => ({ code: s.name, name: s.name, old_status: s.state, new_status: s.state })),
      deliver_notifications: false,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: affected.map((s, n) => component(s, n + 1)),
  };
}

/** The documented indicators are none, minor, major and critical: a page only under maintenance says none. */
const statusOf = (v: StatusView) => ({ indicator: v.indicator === 'maintenance' ? 'none' : v.indicator, description: v.description });

export const statusJson = (v: StatusView) => ({ page: pageOf(v), status: statusOf(v) });
export const componentsJson = (v: StatusView) => ({ page: pageOf(v), components: components(v) });
export const incidentsJson = (v: StatusView) => ({ page: pageOf(v), incidents: v.incidents.map((i) => incident(i, v)) });

/** `summary.json`: the page, every component, the unresolved incidents and the upcoming or active maintenances. */
export function summaryJson(v: StatusView, maintenances: ScheduledMaintenance[]) {
  return {
    page: pageOf(v),
    components: components(v),
    incidents: v.incidents.filter((i) => i.status !== 'resolved').map((i) => incident(i, v)),
    scheduled_maintenances: maintenances.filter((m) => m.status !== 'completed'),
    status: statusOf(v),
  };
}
