import type { DrillOutcome } from './runtime.js';
import type { BackupsView } from './view.js';

export function bytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function backupsText(v: BackupsView): string {
  const lines = [`repository  ${v.repository}${v.offsite ? '' : '  (local: not offsite)'}`];
  if (v.problem) lines.push(`problem     ${v.problem}`);
  lines.push(`next backup ${new Date(v.nextBackupAt).toISOString()}`);
  for (const a of v.alerts) lines.push(`alert       ${a}`);
  lines.push('', 'SNAPSHOT  TIME                  SIZE      ADDED     DATASETS        VERIFIED  PLAN');
  for (const s of v.snapshots)
    lines.push(
      [
        s.shortId.padEnd(8),
        s.time.slice(0, 19).replace('T', ' ').padEnd(20),
        bytes(s.size).padEnd(9),
        bytes(s.dataAdded).padEnd(9),
        s.datasets.join(',').padEnd(15),
        (s.verified ?? '-').padEnd(9),
        s.toForget ? 'forget' : 'keep',
      ].join(' '),
    );
  if (v.snapshots.length === 0) lines.push('(no snapshot)');
  return lines.join('\n');
}

export function drillText(d: DrillOutcome): string {
  const head = `drill of ${d.snapshotId.slice(0, 8)}: ${d.ok ? 'PASSED' : 'FAILED'} in ${(d.durationMs / 1000).toFixed(1)} s`;
  return [head, ...d.differences.map((x) => `  differs: ${x}`)].join('\n');
}
