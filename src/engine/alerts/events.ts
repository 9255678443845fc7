import type { EventType } from '../events.js';

interface AlertChange {
  fingerprint: string;
  rule: string;
  severity: string;
  summary: string;
  labels: Record<string, string>;
}

declare module '../events.js' {
  interface EventPayloads {
    'alert.pending': AlertChange;
    'alert.firing': AlertChange;
    'alert.resolved': AlertChange;
    /** A pending alert whose condition stopped holding before its `for` ran out. */
    'alert.cleared': AlertChange;
    /** One webhook delivery of a group's alerts (after its retries). */
    'alert.notified': { receiver: string; groupKey: string; status: 'firing' | 'resolved'; alerts: number; ok: boolean; attempts: number; error?: string };
    'silence.created': { id: string; matchers: string; startsAt: number; endsAt: number; comment: string };
    'silence.expired': { id: string };
  }
}

export const ALERTS_EVENTS = [
  'alert.pending',
  'alert.firing',
  'alert.resolved',
  'alert.cleared',
  'alert.notified',
  'silence.created',
  'silence.expired',
] as const satisfies readonly EventType[];
