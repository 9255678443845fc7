import type { IncidentImpact, IncidentRow, IncidentStatus, IncidentUpdateRow, ProbedState } from '../../store/db/status-store.js';
import type { UptimeDay } from './uptime.js';

/** Statuspage's component states: what the rules give, or under_maintenance while a window mutes the service. */
export type ServiceState = ProbedState | 'under_maintenance';
export const SERVICE_STATES: readonly ServiceState[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
export const INCIDENT_IMPACTS: readonly IncidentImpact[] = ['none', 'minor', 'major', 'critical'];

export interface ServiceView {
  name: string;
  group: string;
  description: string | null;
  /** What the probe does, in a few words (`http http://…/api/health`). */
  probe: string;
  state: ServiceState;
  /** The state from the probes, also while muted (under_maintenance hides it, the uptime does not). */
  probedState: ProbedState;
  muted: boolean;
  latencyMs: number | null;
  checkedAt: number | null;
  /** Since when the probed state holds. */
  since: number | null;
  error: string | null;
  uptime: UptimeDay[];
  /** Over the days shown, or null with no data. */
  uptimeRatio: number | null;
}

export interface IncidentView extends IncidentRow {
  /** Newest first. */
  updates: IncidentUpdateRow[];
}

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface StatusView {
  now: number;
  pageName: string;
  intervalMs: number;
  lastRoundAt: number | null;
  /** No probe round for three intervals: nothing runs the probes (the figures are old). */
  stale: boolean;
  indicator: Indicator;
  description: string;
  services: ServiceView[];
  /** Group names in config order. */
  groups: string[];
  /** Unresolved first, then the recent resolved ones; newest first. */
  incidents: IncidentView[];
  /** Services not operational (under_maintenance excluded). */
  notOperational: number;
}

/** Statuspage's page indicator and its wording, from the worst service state. */
export function overall(states: readonly ServiceState[]): { indicator: Indicator; description: string } {
  if (states.includes('major_outage')) return { indicator: 'critical', description: 'Major System Outage' };
  if (states.includes('partial_outage')) return { indicator: 'major', description: 'Partial System Outage' };
  if (states.includes('degraded_performance')) return { indicator: 'minor', description: 'Minor Service Outage' };
  if (states.includes('under_maintenance')) return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  return { indicator: 'none', description: 'All Systems Operational' };
}

/** The state as a word with a symbol (status is never told by colour alone). */
export const STATE_WORDS: Record<ServiceState, { symbol: string; word: string }> = {
  operational: { symbol: '●', word: 'operational' },
  degraded_performance: { symbol: '◐', word: 'degraded' },
  partial_outage: { symbol: '▲', word: 'partial outage' },
  major_outage: { symbol: '✖', word: 'major outage' },
  under_maintenance: { symbol: '⚒', word: 'maintenance' },
};
