import {
  hoursMinutes,
  runOutcome,
  runTimer,
  type ChecklistListView,
  type ChecklistRunSummary,
  type ChecklistRunView,
  type RunbookInfo,
  type StepStatus,
  type StepView,
} from '../../../engine/client/index.js';
import { duration } from '../../format.js';
import type { Badge, Cell, ListRow, ListSpec, PaneData } from '../types.js';

export type ChecklistTarget =
  { kind: 'step'; run: ChecklistRunView; step: StepView } | { kind: 'run'; run: ChecklistRunSummary } | { kind: 'runbook'; runbook: RunbookInfo };

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const when = (t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ');

/** The run whose steps the pane lists: the active one, else the one that ended last (kept as it ended). */
export const shownRun = (data: PaneData) => (data.views['checklist.status'] as ChecklistRunView | null | undefined) ?? null;
export const activeRun = (data: PaneData) => {
  const run = shownRun(data);
  return run?.state === 'active' ? run : null;
};
const listOf = (data: PaneData) => data.views['checklist.list'] as ChecklistListView | undefined;

/** Every state says itself in a word and a symbol; colour only helps. */
const STATUS: Record<StepStatus, Cell> = {
  done: { text: '✓ done', tone: 'ok' },
  running: { text: '▶ running', tone: 'busy' },
  checking: { text: '◷ checking', tone: 'busy' },
  waiting: { text: '◷ waiting', tone: 'busy' },
  failed: { text: '✗ failed', tone: 'bad' },
  interrupted: { text: '⚡ interrupted', tone: 'bad' },
  skipped: { text: '↷ skipped', tone: 'muted' },
  ready: { text: '● ready', tone: 'accent' },
  blocked: { text: '⊘ blocked', tone: 'bad' },
  pending: { text: '· pending', tone: 'muted' },
};

export function statusCell(status: StepStatus): Cell {
  return STATUS[status];
}

/** A command's multi-line output on one line: its lines joined with ` · `. */
const oneLine = (text: string) =>
  text
    .trim()
    .split(/\s*\n\s*/)
    .join(' · ');
const outcome = (s: StepView) => {
  const text = s.why ?? s.result;
  return text ? oneLine(text) : null;
};

function took(s: StepView, now: number): string {
  if (s.durationMs !== null) return duration(s.durationMs);
  if ((s.state === 'running' || s.state === 'waiting') && s.startedAt !== null) return duration(now - s.startedAt);
  return '-';
}

export const STEPS_LIST: ListSpec<ChecklistTarget> = {
  id: 'checklists.steps',
  title: 'Steps',
  columns: [
    { title: 'STATE', width: 13 },
    { title: 'STEP', width: 12, flex: true, max: 20 },
    { title: 'KIND', width: 6 },
    { title: 'WHO', width: 8, flex: true, max: 16 },
    { title: 'TOOK', width: 5, align: 'right' },
    { title: 'EXP', width: 4, align: 'right' },
    { title: 'RESULT', width: 12, flex: true },
  ],
  rows: (data, now) => {
    const run = shownRun(data);
    if (!run) return [];
    // An ended run has no path left: its steps show the runbook's critical ones.
    const path = new Set(run.state === 'active' ? runTimer(run, now).criticalPath : run.steps.filter((s) => s.critical).map((s) => s.id));
    return run.steps.map((s): ListRow<ChecklistTarget> => {
      const said = outcome(s);
      return {
        key: `${run.id}/${s.id}`,
        cells: [
          statusCell(s.status),
          `${path.has(s.id) ? '◆' : ' '} ${s.id}`,
          s.kind,
          s.actor ?? '-',
          took(s, now),
          hoursMinutes(s.minutes * 60_000),
          said ?? (s.kind === 'engine' ? (s.command ?? '-') : '-'),
        ],
        target: { kind: 'step', run, step: s },
        // What happened comes right after the title: the detail has two or three lines and the rest may be cut.
        describe: [
          s.title,
          said ? `${s.why ? 'why' : 'result'}: ${said}` : null,
          s.notes ? `notes: ${oneLine(s.notes)}` : null,
          s.kind === 'engine' ? `${s.command} ${argsText(s.args)}`.trim() : null,
          s.setsT0 ? (run.t0Step === s.id ? 'its marking was T0' : run.t0Entered ? 'T0 was entered at the start' : 'marking it is T0') : null,
          `role ${s.role}`,
        ]
          .filter(Boolean)
          .join(' · '),
      };
    });
  },
  summary: (data) => {
    const run = shownRun(data);
    if (!run) return 'no run yet';
    const finished = run.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
    const broken = run.steps.filter((s) => s.status === 'failed' || s.status === 'interrupted').length;
    if (run.state !== 'active') {
      const skipped = run.steps.filter((s) => s.status === 'skipped').length;
      return `run #${run.id} ${runOutcome(run)}, as it ended · ${finished - skipped} done${skipped ? `, ${skipped} skipped` : ''} of ${run.steps.length}`;
    }
    return `${finished}/${run.steps.length} finished${broken ? ` · ${broken} failed` : ''} · ◆ critical path`;
  },
};

const argsText = (args: Record<string, string | number | boolean>) =>
  Object.entries(args)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

const RUN_STATE: Record<ReturnType<typeof runOutcome>, Cell> = {
  active: { text: '▶ active', tone: 'busy' },
  finished: { text: '✓ finished', tone: 'ok' },
  aborted: { text: '✗ aborted', tone: 'muted' },
};

export const RUNS_LIST: ListSpec<ChecklistTarget> = {
  id: 'checklists.runs',
  title: 'Checklists and runs',
  columns: [
    { title: 'STATE', width: 13 },
    { title: 'NAME', width: 10, flex: true, max: 16 },
    { title: 'RELEASE', width: 8 },
    { title: 'WHEN', width: 11 },
    { title: 'DETAIL', width: 12, flex: true },
  ],
  rows: (data) => {
    const v = listOf(data);
    if (!v) return [];
    const books = v.runbooks.map((b): ListRow<ChecklistTarget> => ({
      key: `book/${b.name}`,
      cells: [
        b.problems.length ? { text: '✗ cannot run', tone: 'bad' } : { text: '▷ checklist', tone: 'accent' },
        b.name,
        '-',
        '-',
        b.problems.length ? b.problems.join('; ') : `${b.title} · ${b.steps} steps · Enter starts a run`,
      ],
      target: { kind: 'runbook', runbook: b },
    }));
    const runs = v.runs.map((r): ListRow<ChecklistTarget> => ({
      key: `run/${r.id}`,
      cells: [
        RUN_STATE[runOutcome(r)],
        `#${r.id} ${r.checklist}`,
        r.release,
        when(r.startedAt),
        `by ${r.startedBy}${r.abortedReason ? ` · aborted: ${r.abortedReason}` : ''}${r.finishedAt ? ` · ${hoursMinutes(r.finishedAt - r.t0)} from T0` : ''} · ${r.reportPath ?? 'Enter: report'}`,
      ],
      target: { kind: 'run', run: r },
    }));
    return [...books, ...runs];
  },
  summary: (data) => {
    const v = listOf(data);
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return v ? `${count(v.runbooks.length, 'checklist')} · ${count(v.runs.length, 'run')}` : 'loading…';
  },
};

/** The lines above the lists: the run and its timer, then each reference line with ahead (✓) or behind (✗). */
export function headingLines(data: PaneData, now: number): { text: string; tone: 'plain' | 'ok' | 'bad' | 'muted' | 'accent' }[] {
  const run = activeRun(data);
  if (!run) {
    // With no run active, the shown run is the one that ended last (the engine picks it).
    const last = shownRun(data) ?? undefined;
    const aborted = last !== undefined && runOutcome(last) === 'aborted';
    const lead = last
      ? `${aborted ? '✗' : '✓'} last run #${last.id} ${last.checklist} ${last.release} ${aborted ? 'aborted' : 'finished'} ${when(last.finishedAt!)} UTC, ${hoursMinutes(last.finishedAt! - last.t0)} after T0${aborted ? ` (${last.abortedReason})` : ''} (Enter on it: report)`
      : 'no active checklist run';
    return [{ text: `${lead} · Enter on a checklist below starts one`, tone: last && !aborted ? 'ok' : 'muted' }];
  }
  const t = runTimer(run, now);
  return [
    // The figures and T0 first: at 80 columns the rest of the line is cut.
    {
      text: `⏱ ${hoursMinutes(t.elapsedMs)} since T0 ${hhmm(run.t0)} UTC${run.t0Step ? ` (${run.t0Step})` : run.t0Entered ? '' : ' (start)'} · projected finish ${hoursMinutes(t.projectedFinishAt - run.t0)} (${hoursMinutes(t.projectedFinishAt - now)} to go) · ${run.title} · ${run.release} · run ${run.id}`,
      tone: 'accent',
    },
    ...t.lines.map((l) => ({
      text: `${l.ahead === null ? '·' : l.ahead ? '✓' : '✗'} ${l.line}`,
      tone: l.ahead === null ? ('muted' as const) : l.ahead ? ('ok' as const) : ('bad' as const),
    })),
  ];
}

/** Header: the GA timer while a run is active. */
export function checklistBadges(data: PaneData, now: number): Badge[] {
  const run = activeRun(data);
  if (!run) return [];
  const t = runTimer(run, now);
  const behind = t.lines.some((l) => l.ahead === false);
  return [
    {
      text: `⏱ ${run.checklist} ${run.release} ${hoursMinutes(t.elapsedMs)} (→ ${hoursMinutes(t.projectedFinishAt - run.t0)})`,
      tone: behind ? 'warn' : 'accent',
      rank: 15,
    },
  ];
}
