import type { VerifyOutcome } from './runtime.js';
import type { ReplicaStatusView } from './view.js';

const age = (at: number | null, now: number) => (at === null ? 'never' : `${Math.max(0, Math.round((now - at) / 1000))} s ago`);
const lag = (changes: number | null, seconds: number | null) => (changes === null ? '-' : `${changes} changes, ${(seconds ?? 0).toFixed(1)} s`);

/** `replica status` for a terminal. */
export function statusText(s: ReplicaStatusView, now = Date.now()): string {
  const lines = [
    `role: ${s.role} (generation ${s.generation}, node ${s.node})`,
    ...(s.primaryUrl ? [`${s.role === 'fenced' ? 'fenced by' : 'primary'}: ${s.primaryUrl}`] : []),
    `position: ${s.position}`,
    `state: ${s.state ?? '-'}${s.detail ? ` (${s.detail})` : ''}`,
  ];
  if (s.role === 'replica') lines.push(`lag: ${lag(s.lagChanges, s.lagSeconds)}`, `last contact: ${age(s.lastContact, now)}`);
  for (const p of s.peers)
    lines.push(`replica ${p.url ?? p.node}: ${p.state}, at ${p.position}, lag ${lag(p.lagChanges, p.lagSeconds)}, last contact ${age(p.lastContact, now)}`);
  const v = s.lastVerify;
  lines.push(`last verify: ${v ? `${v.ok ? 'clean' : `DIFFERS at ${v.firstDifference}`} at position ${v.position}, ${age(v.at, now)}` : 'never'}`);
  return lines.join('\n');
}

/** `replica verify` for a terminal: every table, the first that differs named. */
export function verifyText(v: VerifyOutcome): string {
  const head = v.ok
    ? `verify clean at position ${v.position} (${v.tables.length} tables)`
    : `verify FAILED at position ${v.position}: first table that differs: ${v.firstDifference}`;
  const rows = v.tables.map(
    (t) =>
      `${t.same ? '✓' : '✗'} ${t.table}: primary ${t.primary?.count ?? '-'} rows, replica ${t.replica?.count ?? '-'} rows${t.same ? '' : ' (checksums differ)'}`,
  );
  return [head, ...rows].join('\n');
}
