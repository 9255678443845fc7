import type { MaintenanceListView, MaintenanceWindowView } from '../../../engine/client/index.js';
import { duration } from '../../format.js';
import type { Badge, Cell, ListRow, ListSpec, PaneData } from '../types.js';

export type MaintenanceTarget = MaintenanceWindowView;

const DAY_MS = 86_400_000;
const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const when = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

/** Upcoming windows by their start; the state is a word and a symbol, never colour alone. */
function stateCell(w: MaintenanceWindowView): Cell {
  if (w.state === 'active') return { text: '● active', tone: 'warn' };
  if (w.state === 'upcoming') return { text: '◷ upcoming', tone: 'accent' };
  return { text: w.endedEarlyAt ? '✓ ended early' : '✓ done', tone: 'muted' };
}

function effects(w: MaintenanceWindowView): string {
  const parts = [w.loops.length ? `⏸ ${w.loops.join(',')}` : '', w.services.length ? `mute ${w.services.join(',')}` : ''];
  return parts.filter(Boolean).join(' ') || '-';
}

function rowOf(w: MaintenanceWindowView, now: number): ListRow<MaintenanceTarget> {
  const time = w.state === 'upcoming' ? `in ${duration(w.startsAt - now)}` : w.state === 'active' ? `${duration(w.endsAt - now)} left` : when(w.endsAt);
  return {
    key: w.id,
    copy: w.id,
    cells: [stateCell(w), w.id, when(w.startsAt), time, (w.shortNotice ? '⚡short notice: ' : '') + w.title, effects(w)],
    target: w,
  };
}

const windowsOf = (data: PaneData) => (data.views['maintenance.list'] as MaintenanceListView | undefined)?.windows ?? [];

const COLUMNS = [
  { title: 'STATE', width: 13 },
  { title: 'ID', width: 10, flex: true, max: 22 },
  { title: 'START UTC', width: 11 },
  { title: 'WHEN', width: 9 },
  { title: 'TITLE', width: 10, flex: true },
  { title: 'EFFECTS', width: 8, flex: true },
];

export const CURRENT_LIST: ListSpec<MaintenanceTarget> = {
  id: 'maintenance.current',
  title: 'Active and upcoming',
  columns: COLUMNS,
  rows: (data, now) =>
    windowsOf(data)
      .filter((w) => w.state !== 'past')
      .map((w) => rowOf(w, now)),
  summary: (data) => {
    const ws = windowsOf(data);
    return `${ws.filter((w) => w.state === 'active').length} active · ${ws.filter((w) => w.state === 'upcoming').length} upcoming`;
  },
};

export const PAST_LIST: ListSpec<MaintenanceTarget> = {
  id: 'maintenance.past',
  title: 'Past',
  columns: COLUMNS,
  rows: (data, now) =>
    windowsOf(data)
      .filter((w) => w.state === 'past')
      .reverse()
      .map((w) => rowOf(w, now)),
  summary: (data) => `${windowsOf(data).filter((w) => w.state === 'past').length} past`,
};

/** This month's days with a window: `Dec: 1 ● 15 ◷ 16` (● active, ◷ upcoming, ✓ past). */
export function monthLine(windows: MaintenanceWindowView[], now: number): string {
  const d = new Date(now);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const days = new Map<number, string>();
  for (const w of windows) {
    const s = new Date(w.startsAt);
    if (s.getUTCFullYear() !== d.getUTCFullYear() || s.getUTCMonth() !== d.getUTCMonth()) continue;
    const mark = w.state === 'active' ? '●' : w.state === 'upcoming' ? '◷' : '✓';
    days.set(s.getUTCDate(), mark);
  }
  const list = [...days].sort((a, b) => a[0] - b[0]).map(([day, mark]) => `${mark}${day}`);
  return `${month}: ${list.length ? list.join(' ') : 'no windows'}`;
}

/** The line above the lists: the active window, else the countdown to the next, and the month. */
export function maintenanceHeading(v: MaintenanceListView | undefined, now: number): string {
  if (!v) return 'loading maintenance windows…';
  const active = v.windows.find((w) => w.state === 'active');
  const next = v.windows.find((w) => w.state === 'upcoming');
  const lead = active
    ? `● IN MAINTENANCE ${active.id} until ${hhmm(active.endsAt)} UTC`
    : next
      ? `next ${next.id} in ${duration(next.startsAt - now)}`
      : 'no window scheduled';
  return `${lead} · ${monthLine(v.windows, now)} · zone ${v.timezone}`;
}

/** Header: a banner while a window is active, a countdown in the last 24 h before the next. */
export function maintenanceBadges(data: PaneData, now: number): Badge[] {
  const ws = windowsOf(data);
  const active = ws.find((w) => w.state === 'active');
  if (active) return [{ text: `⚠ MAINTENANCE until ${hhmm(active.endsAt)}${active.shortNotice ? ' (short notice)' : ''}`, tone: 'warn', rank: 5 }];
  const next = ws.find((w) => w.state === 'upcoming' && w.startsAt - now <= DAY_MS);
  if (next) return [{ text: `maint in ${duration(next.startsAt - now)}${next.shortNotice ? ' ⚡' : ''}`, tone: 'accent', rank: 20 }];
  return [];
}
