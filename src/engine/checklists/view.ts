import type { ChecklistRunRow, ChecklistStepRow, StepState } from '../../store/db/checklists-store.js';
import { fill } from './condition.js';
import type { Milestone, Runbook, Step } from './runbook-schema.js';

/** A step's state as shown: the stored state, with a pending step told apart as ready or blocked. */
export type StepStatus = 'pending' | 'ready' | 'blocked' | 'running' | 'checking' | 'waiting' | 'done' | 'failed' | 'skipped' | 'interrupted';

export interface StepView {
  id: string;
  title: string;
  kind: Step['kind'];
  role: string;
  minutes: number;
  critical: boolean;
  milestone: Milestone | null;
  /** Marking it done sets T0 when the run was started without one. */
  setsT0: boolean;
  needs: string[];
  /** An engine step's command and arguments, `{release}` filled in. */
  command: string | null;
  args: Record<string, string | number | boolean>;
  state: StepState;
  status: StepStatus;
  /** Why a pending step cannot start: the steps it waits for, or the failed one that blocks it. */
  why: string | null;
  actor: string | null;
  readyAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  result: string | null;
  notes: string | null;
  /** An engine step's command result (JSON) as kept. */
  output: string | null;
  attempts: number;
}

export interface RunView {
  id: number;
  checklist: string;
  title: string;
  release: string;
  t0: number;
  /** T0 as entered by an operator (the upstream GA announcement), or taken from the start. */
  t0Entered: boolean;
  /** The step whose marking set T0, when it was not entered at the start. */
  t0Step: string | null;
  startedAt: number;
  startedBy: string;
  finishedAt: number | null;
  state: 'active' | 'done';
  /** The reason a run was aborted with (then it is done, not finished). */
  abortedReason: string | null;
  reportPath: string | null;
  steps: StepView[];
}

export interface RunSummary {
  id: number;
  checklist: string;
  title: string;
  release: string;
  state: 'active' | 'done';
  abortedReason: string | null;
  t0: number;
  startedAt: number;
  startedBy: string;
  finishedAt: number | null;
  reportPath: string | null;
}

export interface RunbookInfo {
  name: string;
  title: string;
  file: string;
  steps: number;
  /** Empty when it can run on this engine. */
  problems: string[];
}

export interface ChecklistListView {
  runbooks: RunbookInfo[];
  runs: RunSummary[];
}

export const FINISHED: readonly StepState[] = ['done', 'skipped'];
export const BROKEN: readonly StepState[] = ['failed', 'interrupted'];

export function runbookOf(run: ChecklistRunRow): Runbook {
  return JSON.parse(run.runbook) as Runbook;
}

export function filledArgs(step: Step, release: string): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(step.args).map(([k, v]) => [k, typeof v === 'string' ? fill(v, release) : v]));
}

/** The broken step (failed or interrupted) that a step depends on, directly or not, if any. */
function brokenNeed(id: string, defs: Map<string, Step>, rows: Map<string, ChecklistStepRow>, seen = new Set<string>()): string | null {
  for (const n of defs.get(id)?.needs ?? []) {
    if (seen.has(n)) continue;
    seen.add(n);
    if (BROKEN.includes(rows.get(n)!.state)) return n;
    const deeper = brokenNeed(n, defs, rows, seen);
    if (deeper) return deeper;
  }
  return null;
}

function statusOf(def: Step, row: ChecklistStepRow, defs: Map<string, Step>, rows: Map<string, ChecklistStepRow>): { status: StepStatus; why: string | null } {
  if (row.state === 'running') return { status: def.kind === 'check' ? 'checking' : 'running', why: null };
  if (row.state !== 'pending') return { status: row.state, why: null };
  const broken = brokenNeed(def.id, defs, rows);
  if (broken) {
    const b = rows.get(broken)!;
    return { status: 'blocked', why: `blocked: ${broken} ${b.state}${b.result ? ` (${b.result})` : ''}` };
  }
  const waiting = def.needs.filter((n) => !FINISHED.includes(rows.get(n)!.state));
  if (waiting.length === 0) return { status: 'ready', why: null };
  return { status: 'pending', why: `waits for ${waiting.map((n) => `${n} (${rows.get(n)!.state})`).join(', ')}` };
}

export function runView(run: ChecklistRunRow, rows: readonly ChecklistStepRow[]): RunView {
  const book = runbookOf(run);
  const defs = new Map(book.steps.map((s) => [s.id, s]));
  const byId = new Map(rows.map((r) => [r.step, r]));
  return {
    ...runSummary(run),
    t0Entered: run.t0_entered === 1,
    t0Step: run.t0_step,
    steps: book.steps.map((def) => {
      const row = byId.get(def.id)!;
      const begun = row.started_at ?? row.ready_at;
      return {
        id: def.id,
        title: def.title,
        kind: def.kind,
        role: def.role,
        minutes: def.minutes,
        critical: def.critical,
        milestone: def.milestone ?? null,
        setsT0: def['sets-t0'],
        needs: def.needs,
        command: def.command ?? null,
        args: filledArgs(def, run.release),
        state: row.state,
        ...statusOf(def, row, defs, byId),
        actor: row.actor,
        readyAt: row.ready_at,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        durationMs: row.finished_at !== null && begun !== null ? row.finished_at - begun : null,
        result: row.result,
        notes: row.notes,
        output: row.output,
        attempts: row.attempts,
      };
    }),
  };
}

/** How a run stands in a word: an aborted run is done but never "finished". */
export function runOutcome(run: Pick<RunSummary, 'state' | 'abortedReason'>): 'active' | 'finished' | 'aborted' {
  if (run.state === 'active') return 'active';
  return run.abortedReason === null ? 'finished' : 'aborted';
}

export function runSummary(run: ChecklistRunRow): RunSummary {
  return {
    id: run.id,
    checklist: run.checklist,
    title: run.title,
    release: run.release,
    state: run.state,
    abortedReason: run.aborted_reason,
    t0: run.t0,
    startedAt: run.started_at,
    startedBy: run.started_by,
    finishedAt: run.finished_at,
    reportPath: run.report_path,
  };
}
