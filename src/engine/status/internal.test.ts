import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Facts } from '../area.js';
import { internalCheck } from './internal.js';

const check = (part: 'trunk' | 'promoter' | 'pool' | 'replica' | 'backup' | 'disk', facts: Facts, extra: Record<string, number> = {}, upSeconds = 10) =>
  internalCheck({ kind: 'internal', part, 'min-free': 0.05, ...extra }, { facts: () => facts, dataDir: tmpdir(), upSeconds });

describe('internal probes read the engine facts', () => {
  it('ages: late past max-age; none yet is late only once the engine has run longer than that', async () => {
    expect(await check('trunk', { 'trunk.last-pass-age-seconds': 30 })).toBeNull();
    expect(await check('trunk', { 'trunk.last-pass-age-seconds': 1000 })).toBe('last trunk pass 1000 s ago (more than 900 s)');
    expect(await check('backup', { 'backups.newest-age-seconds': null })).toBeNull();
    expect(await check('backup', { 'backups.newest-age-seconds': null }, { 'max-age': 60 }, 61)).toBe(
      'no backup in the 61 s the engine has run (more than 60 s)',
    );
    expect(await check('promoter', { 'promotions.promoter-last-pass-age-seconds': 5000 })).toMatch(/last promoter pass 5000 s ago/);
  });

  it('pool, replica and disk', async () => {
    expect(await check('pool', { 'ci.pool-configured': false, 'ci.pool-drained': true })).toBeNull();
    expect(await check('pool', { 'ci.pool-configured': true, 'ci.upkeep-error': 'boom' })).toBe('pool upkeep failing: boom');
    expect(await check('pool', { 'ci.pool-configured': true, 'ci.launch-failures': 3, 'ci.nodes-ready': 0, 'ci.upkeep-error': null })).toBe(
      '3 node launches failed, none ready',
    );
    expect(await check('pool', { 'ci.pool-configured': true, 'ci.launch-failures': 3, 'ci.nodes-ready': 1, 'ci.upkeep-error': null })).toBeNull();
    expect(await check('replica', {})).toBeNull();
    expect(await check('replica', { 'replica.lag-seconds': 400 })).toBe('replica 400 s behind (more than 300 s)');
    expect(await check('replica', { 'replica.lag-seconds': null })).toBe('replica disconnected');
    // A primary with no replicas has nothing to be down; a diverged replica is named as such.
    expect(await check('replica', { 'replica.lag-seconds': null, 'replica.connected': null, 'replica.state': null })).toBeNull();
    expect(await check('replica', { 'replica.lag-seconds': 2, 'replica.connected': false, 'replica.state': 'diverged' })).toBe('replica diverged');
    expect(await check('disk', {}, { 'min-free': 0 })).toBeNull();
    expect(await check('disk', {}, { 'min-free': 1 })).toMatch(/% free on the data directory \(less than 100\.0 %\)/);
  });
});
