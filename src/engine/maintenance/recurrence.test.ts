import { describe, expect, it } from 'vitest';
import { instantToWall, occurrences, scheduleProblem } from './recurrence.js';

const RDO = { rrule: 'FREQ=MONTHLY;BYDAY=1TU,3TU', start: '14:00', durationMinutes: 120, timezone: 'Europe/Paris' };

describe('maintenance recurrence', () => {
  it('gives the 1st and 3rd Tuesday of each month over two years, at 14:00 Paris time across DST changes', () => {
    const from = Date.parse('2027-01-01T00:00:00Z');
    const until = Date.parse('2029-01-01T00:00:00Z');
    const got = occurrences(RDO, from, until);
    expect(got).toHaveLength(48);
    for (const o of got) {
      const wall = instantToWall(o.startsAt, RDO.timezone);
      expect(wall.getUTCDay()).toBe(2);
      expect([1, 3]).toContain(Math.ceil(wall.getUTCDate() / 7));
      expect([wall.getUTCHours(), wall.getUTCMinutes()]).toEqual([14, 0]);
      expect(o.endsAt - o.startsAt).toBe(120 * 60_000);
    }
    const isoOf = (t: number) => new Date(t).toISOString();
    // 2027: DST starts March 28; the 1st Tuesday of March is CET (UTC+1), the 1st of April CEST (UTC+2).
    expect(got.map((o) => isoOf(o.startsAt))).toContain('2027-03-02T13:00:00.000Z');
    expect(got.map((o) => isoOf(o.startsAt))).toContain('2027-04-06T12:00:00.000Z');
    expect(isoOf(got[0]!.startsAt)).toBe('2027-01-05T13:00:00.000Z');
    expect(isoOf(got[1]!.startsAt)).toBe('2027-01-19T13:00:00.000Z');
  });

  it('names a rule that never occurs, a zone that does not exist and a bad start', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    expect(scheduleProblem({ ...RDO, rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, now)).toMatchObject({
      field: 'rrule',
      message: expect.stringMatching(/never occurs/),
    });
    expect(scheduleProblem({ ...RDO, rrule: 'FREQ=DAILY;UNTIL=20200101T000000Z' }, now)).toMatchObject({ field: 'rrule' });
    expect(scheduleProblem({ ...RDO, timezone: 'Mars/Olympus' }, now)).toMatchObject({ field: 'timezone', message: 'unknown time zone "Mars/Olympus"' });
    expect(scheduleProblem({ ...RDO, start: '25:00' }, now)).toMatchObject({ field: 'start' });
    expect(scheduleProblem(RDO, now)).toBeNull();
  });
});
