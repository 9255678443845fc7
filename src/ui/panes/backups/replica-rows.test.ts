import { describe, expect, it } from 'vitest';
import type { ReplicaStatusView } from '../../../engine/client/index.js';
import type { PaneData } from '../types.js';
import { replicaBadges, replicaRows } from './replica-rows.js';

const now = 1_800_000_000_000;
const base: ReplicaStatusView = {
  role: 'replica',
  node: '0123456789abcdef',
  generation: 1,
  primaryUrl: 'http://primary:8080',
  fencedBy: null,
  position: 120,
  state: 'streaming',
  lagChanges: 0,
  lagSeconds: 0,
  lastContact: now - 1000,
  detail: '',
  peers: [],
  lastVerify: null,
};
const data = (v: Partial<ReplicaStatusView>): PaneData => ({
  snapshot: {} as PaneData['snapshot'],
  views: { 'replica.status': { ...base, ...v } } as PaneData['views'],
});
const text = (d: PaneData) => replicaRows(d, now).map((r) => r.cells.map((c) => (typeof c === 'string' ? c : c.text)).join(' | '));

describe('the Replica section of the Backups pane', () => {
  it('a streaming replica: its primary, lag and position; no header badge', () => {
    expect(text(data({}))).toEqual([
      'replica | replica g1 | of http://primary:8080',
      'lag | ✓ streaming | lag 0 changes, 0.0 s · at 120 · contact 1s ago',
      'verify | · never | v verifies',
    ]);
    expect(replicaBadges(data({}))).toEqual([]);
  });

  it('the header says "replica down" or the lag once it crosses 10 s, and a fenced primary', () => {
    expect(replicaBadges(data({ state: 'catching-up', lagSeconds: 42, lagChanges: 9000 }))).toEqual([{ text: '⚠ replica lag 42s', tone: 'warn', rank: 22 }]);
    expect(replicaBadges(data({ state: 'disconnected' }))).toEqual([{ text: '✗ replica down', tone: 'bad', rank: 21 }]);
    expect(replicaBadges(data({ role: 'fenced', state: null }))[0]!.text).toBe('✗ fenced primary');
  });

  it('a primary lists its replicas; a failed verify names the table', () => {
    const primary = data({
      role: 'primary',
      primaryUrl: null,
      peers: [
        { node: 'aa', url: 'http://replica:8081', generation: 1, position: 100, lagChanges: 20, lagSeconds: 0.5, lastContact: now - 2000, state: 'streaming' },
      ],
      lastVerify: { at: now - 60_000, ok: false, position: 90, firstDifference: 'builds' },
    });
    expect(text(primary)).toEqual([
      'replica | primary g1 | at 120',
      'peer | ✓ streaming | http://replica:8081 · lag 20 changes, 0.5 s · contact 2s ago',
      'verify | ✗ DIFFERS 1m00s ago | first table that differs: builds',
    ]);
  });
});
