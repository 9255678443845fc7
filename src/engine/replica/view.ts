import type { ReplicaStore } from '../../store/db/replica-store.js';
import type { Facts } from '../area.js';
import type { ReplicaRuntime } from './runtime.js';

export type ReplicaState = 'streaming' | 'catching-up' | 'disconnected' | 'diverged' | 'promoted';

/** A replica not heard from in this long is down, as its primary sees it. */
export const PEER_SILENT_MS = 30_000;
const STREAMING_LAG_SEC = 5;

export interface PeerView {
  node: string;
  url: string | null;
  generation: number;
  position: number;
  lagChanges: number;
  lagSeconds: number;
  lastContact: number;
  state: ReplicaState;
}

export interface ReplicaStatusView {
  role: 'primary' | 'replica' | 'fenced';
  node: string;
  generation: number;
  /** A replica's primary; a fenced primary's replacement. */
  primaryUrl: string | null;
  fencedBy: string | null;
  /** A replica's applied position; a primary's newest. */
  position: number;
  state: ReplicaState | null;
  lagChanges: number | null;
  lagSeconds: number | null;
  lastContact: number | null;
  detail: string;
  /** The replicas a primary serves. */
  peers: PeerView[];
  lastVerify: { at: number; ok: boolean; position: number; firstDifference: string | null } | null;
}

/** The replicas this primary has heard from, with their lag from its own log. */
export function peerViews(store: ReplicaStore, now: number): PeerView[] {
  const head = store.head();
  return store.peers().map((p) => {
    const lagChanges = Math.max(0, head - p.position);
    const since = lagChanges > 0 ? store.changeTime(p.position + 1) : null;
    const lagSeconds = since === null ? 0 : Math.max(0, (now - since) / 1000);
    const silent = now - p.last_contact > PEER_SILENT_MS;
    const state: ReplicaState = silent ? 'disconnected' : lagSeconds <= STREAMING_LAG_SEC ? 'streaming' : 'catching-up';
    return { node: p.node_id, url: p.url, generation: p.generation, position: p.position, lagChanges, lagSeconds, lastContact: p.last_contact, state };
  });
}

export function replicaStatus(r: ReplicaRuntime, now = Date.now()): ReplicaStatusView {
  const node = r.store.node();
  const v = r.store.lastVerify();
  const lastVerify = v ? { at: v.at, ok: v.ok === 1, position: v.position, firstDifference: v.first_difference } : null;
  const base = { role: node.role, node: node.node_id, generation: node.generation, fencedBy: node.fenced_by, lastVerify };
  if (node.role === 'replica') {
    const h = r.health;
    return {
      ...base,
      primaryUrl: node.primary_url,
      position: node.position,
      ...h,
      detail: node.copied ? h.detail : `waiting for the initial copy (${h.detail})`,
      peers: [],
    };
  }
  const peers = node.role === 'primary' ? peerViews(r.store, now) : [];
  const worst = peers.reduce<PeerView | null>(
    (w, p) => (w === null || rank(p.state) > rank(w.state) || (p.state === w.state && p.lagSeconds > w.lagSeconds) ? p : w),
    null,
  );
  return {
    ...base,
    primaryUrl: node.role === 'fenced' ? node.fenced_by : null,
    position: r.store.head(),
    state: r.health.state === 'promoted' ? 'promoted' : (worst?.state ?? null),
    lagChanges: worst?.lagChanges ?? null,
    lagSeconds: worst?.lagSeconds ?? null,
    lastContact: worst?.lastContact ?? null,
    detail:
      node.role === 'fenced'
        ? `fenced by generation ${node.generation} (${node.fenced_by})`
        : peers.length
          ? `${peers.length} replica(s)`
          : 'no replica has pulled',
    peers,
  };
}

function rank(s: ReplicaState): number {
  return ['streaming', 'promoted', 'catching-up', 'disconnected', 'diverged'].indexOf(s);
}

/** What alert rules read: on a replica its own state; on a primary its worst replica's (null: none). */
export function replicaFacts(r: ReplicaRuntime, now = Date.now()): Facts {
  const s = replicaStatus(r, now);
  return {
    'replica.role': s.role,
    'replica.state': s.state,
    'replica.lag-seconds': s.lagSeconds,
    'replica.lag-changes': s.lagChanges,
    // Null when there is nothing to be connected to (a primary without replicas): no alert, no outage.
    'replica.connected': s.state === null ? null : s.state !== 'disconnected' && s.state !== 'diverged',
    'replica.last-contact-age-seconds': s.lastContact === null ? null : Math.max(0, Math.round((now - s.lastContact) / 1000)),
  };
}
