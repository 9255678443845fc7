import type { EventType } from '../events.js';
import type { IncidentImpact, IncidentStatus } from '../../store/db/status-store.js';
import type { ServiceState } from './view.js';

declare module '../events.js' {
  interface EventPayloads {
    'status.changed': { service: string; from: ServiceState; to: ServiceState; error: string | null };
    'status.round': { services: number; notOperational: number; durationMs: number };
    'incident.opened': { id: number; name: string; status: IncidentStatus; impact: IncidentImpact; services: string[] };
    'incident.updated': { id: number; status: IncidentStatus; body: string };
    'incident.resolved': { id: number; body: string };
  }
}

export const STATUS_EVENTS = [
  'status.changed',
  'status.round',
  'incident.opened',
  'incident.updated',
  'incident.resolved',
] as const satisfies readonly EventType[];
export const INCIDENT_EVENTS = ['incident.opened', 'incident.updated', 'incident.resolved'] as const satisfies readonly EventType[];
