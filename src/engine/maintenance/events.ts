import type { EventType } from '../events.js';

declare module '../events.js' {
  interface EventPayloads {
    'maintenance.scheduled': { id: string; title: string; startsAt: number; endsAt: number; shortNotice: boolean };
    'maintenance.started': { id: string; loops: string[]; services: string[] };
    'maintenance.ended': { id: string; early: boolean };
    'maintenance.extended': { id: string; endsAt: number };
  }
}

export const MAINTENANCE_EVENTS = [
  'maintenance.scheduled',
  'maintenance.started',
  'maintenance.ended',
  'maintenance.extended',
] as const satisfies readonly EventType[];
