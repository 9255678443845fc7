declare module '../events.js' {
  interface EventPayloads {
    'backup.finished': {
      ok: boolean;
      snapshotId: string | null;
      dataAdded: number | null;
      totalBytes: number | null;
      durationMs: number;
      error: string | null;
    };
    'backup.checked': { ok: boolean; problems: string[]; durationMs: number };
    'backup.drilled': { ok: boolean; snapshotId: string | null; durationMs: number; differences: string[] };
    'backup.forgotten': { removed: string[] };
    'backup.restored': { snapshotId: string; to: string };
  }
}

export const BACKUPS_EVENTS = ['backup.finished', 'backup.checked', 'backup.drilled', 'backup.forgotten', 'backup.restored'] as const;
