import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { CORE_MIGRATIONS } from './migrations/index.js';
import { EventLog } from './event-log.js';
import type { EngineEvent } from '../../engine/events.js';

const pass = (n: number) => ({ pass: n });

describe('EventLog', () => {
  it('delivers every committed event once, in order: its own, other processes, and transactions after commit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rdo-events-')), 'trunk.db');
    const db = openDb(file, { migrations: CORE_MIGRATIONS });
    const log = new EventLog(db);
    const seen: EngineEvent[] = [];
    log.subscribe((e) => seen.push(e));

    log.append('pass.started', pass(1));
    const other = new EventLog(openDb(file, { migrations: CORE_MIGRATIONS }));
    other.append('pass.started', pass(2));
    log.append('pass.started', pass(3));

    expect(() =>
      db.transaction(() => {
        log.append('pass.started', pass(99));
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    db.transaction(() => log.append('pass.started', pass(4)))();
    await Promise.resolve();
    log.append('pass.started', pass(5));

    expect(seen.map((e) => (e.payload as { pass: number }).pass)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
