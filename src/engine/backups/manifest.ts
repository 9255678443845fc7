/** What a snapshot says about itself: a drill compares the restored data with it. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  rowCounts: Record<string, number>;
  lastEventSeq: number;
  labels: Record<string, string>;
  tools: Record<string, string>;
  datasets: string[];
  rebuildable: string[];
}

/** What differs between a manifest and a restored database: one line each, empty when they agree. */
export function manifestDifferences(m: BackupManifest, restored: { counts: Record<string, number>; lastEventSeq: number }): string[] {
  const out: string[] = [];
  for (const [table, n] of Object.entries(m.rowCounts)) {
    const got = restored.counts[table];
    if (got === undefined) out.push(`table ${table} missing (manifest: ${n} rows)`);
    else if (got !== n) out.push(`table ${table}: ${got} rows, manifest says ${n}`);
  }
  for (const table of Object.keys(restored.counts)) if (!(table in m.rowCounts)) out.push(`table ${table} not in the manifest`);
  if (restored.lastEventSeq !== m.lastEventSeq) out.push(`last event seq ${restored.lastEventSeq}, manifest says ${m.lastEventSeq}`);
  return out;
}
