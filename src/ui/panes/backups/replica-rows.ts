import type { ReplicaStatusView } from '../../../engine/client/index.js';
import { ago } from '../../format.js';
import type { Badge, Cell, ListRow, PaneData } from '../types.js';

/** The header speaks up past this lag. */
export const REPLICA_LAG_BADGE_SEC = 10;

export type ReplicaTarget = { kind: 'replica'; what: string };

const view = (data: PaneData): ReplicaStatusView | undefined => data.views['replica.status'];

function stateCell(state: string | null): Cell {
  if (state === null) return { text: '· none', tone: 'muted' };
  if (state === 'streaming' || state === 'promoted') return { text: `✓ ${state}`, tone: 'ok' };
  if (state === 'catching-up') return { text: `↻ ${state}`, tone: 'warn' };
  return { text: `✗ ${state}`, tone: 'bad' };
}

const lag = (changes: number | null, seconds: number | null) => (changes === null ? '-' : `lag ${changes} changes, ${(seconds ?? 0).toFixed(1)} s`);

/** The Replica section of the Backups pane: this node's role, its replicas or its primary, lag, last verify. */
export function replicaRows(data: PaneData, now: number): ListRow<ReplicaTarget>[] {
  const v = view(data);
  if (!v) return [];
  const row = (key: string, what: string, state: Cell, detail: string): ListRow<ReplicaTarget> => ({
    key: `replica.${key}`,
    cells: [what, state, detail],
    target: { kind: 'replica', what: key },
  });
  const rows = [
    row(
      'role',
      'replica',
      { text: `${v.role} g${v.generation}`, tone: v.role === 'fenced' ? 'bad' : 'ok' },
      v.primaryUrl ? `${v.role === 'fenced' ? 'fenced by' : 'of'} ${v.primaryUrl}` : `at ${v.position}`,
    ),
  ];
  if (v.role === 'replica') {
    rows.push(
      row(
        'self',
        'lag',
        stateCell(v.state),
        `${lag(v.lagChanges, v.lagSeconds)} · at ${v.position} · contact ${v.lastContact === null ? 'never' : ago(v.lastContact, now)}`,
      ),
    );
  }
  for (const p of v.peers)
    rows.push(
      row(`peer.${p.node}`, 'peer', stateCell(p.state), `${p.url ?? p.node} · ${lag(p.lagChanges, p.lagSeconds)} · contact ${ago(p.lastContact, now)}`),
    );
  if (v.role === 'primary' && v.peers.length === 0) rows.push(row('peers', 'peers', { text: '· none', tone: 'muted' }, 'no replica has pulled'));
  const last = v.lastVerify;
  rows.push(
    row(
      'verify',
      'verify',
      last
        ? last.ok
          ? { text: `✓ clean ${ago(last.at, now)}`, tone: 'ok' }
          : { text: `✗ DIFFERS ${ago(last.at, now)}`, tone: 'bad' }
        : { text: '· never', tone: 'muted' },
      last
        ? last.ok
          ? `at position ${last.position}`
          : `first table that differs: ${last.firstDifference}`
        : v.role === 'replica'
          ? 'v verifies'
          : 'run on the replica',
    ),
  );
  return rows;
}

/** The header's word on the replica: down, diverged, fenced, or lagging past REPLICA_LAG_BADGE_SEC. */
export function replicaBadges(data: PaneData): Badge[] {
  const v = view(data);
  if (!v) return [];
  if (v.role === 'fenced') return [{ text: '✗ fenced primary', tone: 'bad', rank: 20 }];
  if (v.state === 'disconnected' || v.state === 'diverged')
    return [{ text: `✗ replica ${v.state === 'diverged' ? 'diverged' : 'down'}`, tone: 'bad', rank: 21 }];
  if ((v.lagSeconds ?? 0) > REPLICA_LAG_BADGE_SEC) return [{ text: `⚠ replica lag ${Math.round(v.lagSeconds!)}s`, tone: 'warn', rank: 22 }];
  return [];
}
