import { createRequire } from 'node:module';
import type { RRule as RRuleType } from 'rrule';

// rrule is CommonJS without named exports that Node's ESM loader can see.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof import('rrule');
type RRule = RRuleType;

/** True when the IANA time zone exists (Intl knows it). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in ms (Intl does the zone rules). */
function offsetAt(tz: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock of a zone shows the given (floating, UTC-fielded) time. */
export function wallToInstant(wall: Date, tz: string): number {
  const guess = wall.getTime();
  const first = guess - offsetAt(tz, guess);
  return guess - offsetAt(tz, first);
}

/** The wall time a zone shows at an instant, as a floating (UTC-fielded) Date. */
export function instantToWall(instant: number, tz: string): Date {
  return new Date(instant + offsetAt(tz, instant));
}

export interface Schedule {
  /** An RFC 5545 RRULE (without DTSTART): `FREQ=MONTHLY;BYDAY=1TU,3TU`. */
  rrule: string;
  /** Wall-clock start, `HH:MM`, in the zone. */
  start: string;
  durationMinutes: number;
  timezone: string;
}

/** The rule evaluated on the zone's wall clock (rrule's floating mode), from `from`'s wall date. */
function ruleFor(s: Schedule, from: number): RRule {
  const [h, m] = s.start.split(':').map(Number) as [number, number];
  const wall = instantToWall(from, s.timezone);
  const dtstart = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), h, m));
  return new RRule({ ...RRule.parseString(s.rrule), dtstart });
}

/** Occurrences of a schedule starting in [from, until): real instants, DST applied by the zone. */
export function occurrences(s: Schedule, from: number, until: number): { startsAt: number; endsAt: number }[] {
  const rule = ruleFor(s, from - 86_400_000);
  const fromWall = instantToWall(from - 86_400_000, s.timezone);
  const untilWall = instantToWall(until + 86_400_000, s.timezone);
  return rule
    .between(fromWall, untilWall, true)
    .map((w) => wallToInstant(w, s.timezone))
    .filter((t) => t >= from && t < until)
    .map((startsAt) => ({ startsAt, endsAt: startsAt + s.durationMinutes * 60_000 }));
}

/** Why a schedule is no good, or null: a rule that does not parse or never occurs, a zone that does not exist. */
export function scheduleProblem(s: Schedule, now: number): { field: 'rrule' | 'timezone' | 'start'; message: string } | null {
  if (!isTimeZone(s.timezone)) return { field: 'timezone', message: `unknown time zone ${JSON.stringify(s.timezone)}` };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.start)) return { field: 'start', message: `start must be HH:MM (got ${JSON.stringify(s.start)})` };
  let rule: RRule;
  try {
    rule = ruleFor(s, now);
  } catch (err) {
    return { field: 'rrule', message: `rrule does not parse: ${(err as Error).message}` };
  }
  if (rule.after(instantToWall(now, s.timezone), true) === null) return { field: 'rrule', message: `rrule ${JSON.stringify(s.rrule)} never occurs` };
  return null;
}
