export interface AuditEntry {
  seq: number;
  ts: number;
  actor: string;
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  result: string;
  kind?: string;
}

/** The audit view pages through this many entries at a time. */
export const AUDIT_PAGE = 200;
