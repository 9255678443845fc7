import type { Change, SchemaVersion, TableSum } from '../../store/db/replica-store.js';

/** Where the replication feed is served on a daemon (bearer token of a `replication` operator). */
export const FEED = '/replica/v1';
/** Changes per batch a replica asks for. */
export const BATCH = 1000;

export interface Hello {
  role: 'primary' | 'replica' | 'fenced';
  generation: number;
  schema: SchemaVersion;
  /** A primary's newest position; a replica's applied one. */
  position: number;
  now: number;
}

export interface ChangesReply {
  generation: number;
  schema: string;
  head: number;
  now: number;
  changes: Change[];
  /** The primary's time of the first change after this batch, when there is one: what the lag is measured from. */
  pendingSince: number | null;
}

export interface ChecksumsReply {
  position: number;
  generation: number;
  tables: TableSum[];
}

/** What a replica says of itself on every request, so the primary can list it (and learn of a newer generation). */
export interface PeerReport {
  node: string;
  url: string | null;
  generation: number;
  position: number;
}
