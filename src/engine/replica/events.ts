declare module '../events.js' {
  interface EventPayloads {
    /** On a primary: a replica it serves changed state (first contact, caught up, fell behind, went silent). */
    'replica.peer-state': { node: string; url: string | null; from: string | null; to: string; position: number; lagChanges: number };
    /** This node's own replication state changed (on a replica it is logged only: its event log is the primary's). */
    'replica.state': { from: string | null; to: string; detail: string };
    'replica.promoted': { generation: number; previousPrimary: string | null };
    'replica.fenced': { generation: number; by: string };
    'replica.demoted': { follow: string };
    'replica.verified': { ok: boolean; position: number; firstDifference: string | null };
  }
}

export const REPLICA_EVENTS = ['replica.peer-state', 'replica.state', 'replica.promoted', 'replica.fenced', 'replica.demoted', 'replica.verified'] as const;
