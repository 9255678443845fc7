import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { ConfigError } from '../config/errors.js';
import { Engine } from '../engine.js';
import { icsFeed } from './feeds.js';
import { applyEvents } from '../client/reduce.js';
import { takeSnapshot } from '../client/snapshot.js';
import { maintenanceArea } from './index.js';

const alice = { name: 'alice', role: 'operator' } as const;
const T0 = Date.parse('2027-03-01T10:00:00Z');
const H = 3_600_000;

function openAt(fx: { configDir: string; dataDir: string }, now: { t: number }) {
  const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
  const area = engine.area(maintenanceArea);
  area.now = () => now.t;
  return { engine, area };
}

describe('maintenance windows', () => {
  it('pause their loops at the start and resume them at the end, also after a restart; end early and extend', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const now = { t: T0 };
    let { engine, area } = openAt(fx, now);
    try {
      const added = await engine.dispatch(
        {
          name: 'maintenance.add',
          args: { title: 'db upgrade', start: new Date(T0 + 48 * H).toISOString(), minutes: 60, loops: 'trunk', services: 'trunk,repos' },
        },
        alice,
      );
      expect(added).toMatchObject({ ok: true, data: { id: 'mw-1', state: 'upcoming', shortNotice: false } });
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(false);
      expect(engine.facts()).toMatchObject({ 'maintenance.active': '', 'maintenance.next-start': new Date(T0 + 48 * H).toISOString() });

      const before = takeSnapshot(engine, alice);
      expect(before.suspended).toEqual([]);
      now.t = T0 + 48 * H + 60_000;
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(true);
      // A console learns of the hold from the event log, as it does of an operator's pause.
      expect(applyEvents(before, engine.events.read(before.seq)).suspended).toEqual([{ loop: 'trunk', reason: 'maintenance mw-1' }]);
      expect(engine.loops.suspensions()).toEqual([{ loop: 'trunk', reason: 'maintenance mw-1' }]);
      expect(engine.facts()).toMatchObject({ 'maintenance.active': 'mw-1', 'maintenance.muted-services': 'trunk,repos' });
    } finally {
      await engine.close();
    }

    ({ engine, area } = openAt(fx, now));
    try {
      expect(engine.loops.isPaused('trunk')).toBe(false);
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(true);
      expect(await engine.dispatch({ name: 'maintenance.extend', args: { id: 'mw-1', minutes: 30 } }, alice)).toMatchObject({ ok: true });
      now.t = T0 + 48 * H + 70 * 60_000;
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(true);
      const held = takeSnapshot(engine, alice);
      expect(held.suspended).toHaveLength(1);
      now.t = T0 + 48 * H + 91 * 60_000;
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(false);
      expect(applyEvents(held, engine.events.read(held.seq)).suspended).toEqual([]);
      expect(engine.facts()).toMatchObject({ 'maintenance.active': '', 'maintenance.muted-services': '' });
      expect(
        engine.events
          .read(0)
          .map((e) => e.type)
          .filter((t) => t.startsWith('maintenance.')),
      ).toEqual(['maintenance.scheduled', 'maintenance.started', 'maintenance.started', 'maintenance.extended', 'maintenance.ended']);

      now.t = T0 + 100 * H;
      const soon = await engine.dispatch(
        { name: 'maintenance.add', args: { title: 'hotfix', start: new Date(now.t + H).toISOString(), minutes: 30, loops: 'trunk', reason: 'CVE fix' } },
        alice,
      );
      expect(soon).toMatchObject({ ok: true, data: { id: 'mw-2', shortNotice: true, shortNoticeReason: 'CVE fix' } });
      now.t += H + 1;
      area.reconcile();
      expect(engine.loops.isPaused('trunk')).toBe(true);
      expect(await engine.dispatch({ name: 'maintenance.end', args: { id: 'mw-2' } }, alice)).toMatchObject({ ok: true, data: { state: 'past' } });
      expect(engine.loops.isPaused('trunk')).toBe(false);
    } finally {
      await engine.close();
    }
  });

  it('refuses short notice without a reason, an end before the start and an unknown loop, changing nothing', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const { engine } = openAt(fx, { t: T0 });
    try {
      const at = (h: number) => new Date(T0 + h * H).toISOString();
      expect(await engine.dispatch({ name: 'maintenance.add', args: { title: 'x', start: at(2), minutes: 30 } }, alice)).toMatchObject({
        ok: false,
        error: { kind: 'bad-request' },
        message: expect.stringMatching(/reason: the window starts in less than 24 h/),
      });
      expect(await engine.dispatch({ name: 'maintenance.add', args: { title: 'x', start: at(50), end: at(49) } }, alice)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/end: the window ends before it starts/),
      });
      expect(await engine.dispatch({ name: 'maintenance.add', args: { title: 'x', start: at(50), minutes: 5, loops: 'trunk,nope' } }, alice)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/loops: unknown loop "nope"/),
      });
      expect(await engine.dispatch({ name: 'maintenance.add', args: { title: 'x', start: 'tomorrow', minutes: 5 } }, alice)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/start: not an ISO time/),
      });
      expect(await engine.query('maintenance.list', {}, alice)).toMatchObject({ windows: [] });
    } finally {
      await engine.close();
    }
  });

  it('makes the configured series into windows and lists every window in the .ics feed', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(
      join(fx.configDir, 'maintenance.yml'),
      "timezone: America/New_York\nseries:\n  - id: rdo-infra\n    title: RDO infra\n    rrule: FREQ=MONTHLY;BYDAY=1TU,3TU\n    start: '09:00'\n    duration_minutes: 60\n    loops: [trunk]\n",
    );
    const { engine, area } = openAt(fx, { t: T0 });
    try {
      area.reconcile();
      const ids = area.list().windows.map((w) => w.id);
      expect(ids.slice(0, 4)).toEqual(['rdo-infra-2027-03-02', 'rdo-infra-2027-03-16', 'rdo-infra-2027-04-06', 'rdo-infra-2027-04-20']);
      const ics = icsFeed(area.list().windows).replace(/\r\n[ \t]/g, '');
      expect(ics).toMatch(/^BEGIN:VCALENDAR/);
      const events = ics.split('BEGIN:VEVENT').slice(1);
      expect(events.map((e) => /UID:(.*)\r\n/.exec(e)![1])).toEqual(ids);
      // 09:00 in New York: EST (UTC-5) on March 2, EDT (UTC-4) on March 16, 2027.
      expect(events[0]).toMatch(/DTSTART:20270302T140000Z/);
      expect(events[1]).toMatch(/DTSTART:20270316T130000Z/);
    } finally {
      await engine.close();
    }
  });

  it('refuses a config with a zone that does not exist or an unknown loop, naming file, line and field', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const file = join(fx.configDir, 'maintenance.yml');
    writeFileSync(file, "timezone: Mars/Olympus\nseries:\n  - id: a\n    title: A\n    rrule: FREQ=WEEKLY\n    start: '09:00'\n    duration_minutes: 60\n");
    expect(() => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir })).toThrow(ConfigError);
    expect(() => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir })).toThrow(/maintenance\.yml.*1.*timezone.*Mars\/Olympus/);
    writeFileSync(file, "series:\n  - id: a\n    title: A\n    rrule: FREQ=WEEKLY\n    start: '09:00'\n    duration_minutes: 60\n    loops: [trunk, nope]\n");
    expect(() => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir })).toThrow(/maintenance\.yml.*7.*series\[0\]\.loops\[1\].*nope/);
  });
});
