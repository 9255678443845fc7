import type { Db } from './db.js';

export type RunState = 'active' | 'done';
export type StepState = 'pending' | 'running' | 'waiting' | 'done' | 'failed' | 'skipped' | 'interrupted';

export interface ChecklistRunRow {
  id: number;
  checklist: string;
  release: string;
  title: string;
  /** The runbook as it was when the run started (JSON). */
  runbook: string;
  t0: number;
  /** 1 when T0 was entered by the operator, 0 when taken from the start. */
  t0_entered: number;
  started_at: number;
  started_by: string;
  finished_at: number | null;
  state: RunState;
  report_path: string | null;
  /** Set when the run was aborted: the reason given. */
  aborted_reason: string | null;
  /** The step whose marking set T0 (t0_entered is then 1). */
  t0_step: string | null;
}

/** What a transition of steps may change on their run in the same transaction. */
export type RunFields = Partial<Pick<ChecklistRunRow, 'aborted_reason' | 't0' | 't0_entered' | 't0_step'>>;
const RUN_FIELDS = ['aborted_reason', 't0', 't0_entered', 't0_step'] as const;

export interface ChecklistStepRow {
  run_id: number;
  step: string;
  position: number;
  state: StepState;
  actor: string | null;
  /** When every step it needs had finished (a manual step's clock starts here). */
  ready_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  result: string | null;
  notes: string | null;
  /** An engine step's command result (JSON, capped). */
  output: string | null;
  attempts: number;
  /** The process that runs an engine step's command: a dead one means the step was interrupted. */
  runner_pid: number | null;
}

/** Columns a step transition may set. */
export type StepFields = Partial<Pick<ChecklistStepRow, 'actor' | 'ready_at' | 'started_at' | 'finished_at' | 'result' | 'notes' | 'output' | 'runner_pid'>> & {
  attemptsPlusOne?: boolean;
};

const STEP_FIELDS = ['actor', 'ready_at', 'started_at', 'finished_at', 'result', 'notes', 'output', 'runner_pid'] as const;

export interface NewRun {
  checklist: string;
  release: string;
  title: string;
  runbook: unknown;
  t0: number;
  t0Entered: boolean;
  startedBy: string;
  steps: readonly string[];
}

class MovedMeanwhile extends Error {}

/** The checklists area's SQL: runs and their steps. */
export class ChecklistsStore {
  constructor(private readonly db: Db) {}

  createRun(r: NewRun, now = Date.now()): number {
    return this.db
      .transaction(() => {
        const id = Number(
          this.db
            .prepare(
              "INSERT INTO checklist_runs (checklist, release, title, runbook, t0, t0_entered, started_at, started_by, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')",
            )
            .run(r.checklist, r.release, r.title, JSON.stringify(r.runbook), r.t0, r.t0Entered ? 1 : 0, now, r.startedBy).lastInsertRowid,
        );
        const step = this.db.prepare("INSERT INTO checklist_steps (run_id, step, position, state) VALUES (?, ?, ?, 'pending')");
        r.steps.forEach((s, i) => step.run(id, s, i));
        return id;
      })
      .immediate();
  }

  run(id: number): ChecklistRunRow | undefined {
    return this.db.prepare('SELECT * FROM checklist_runs WHERE id = ?').get(id) as ChecklistRunRow | undefined;
  }

  activeRuns(): ChecklistRunRow[] {
    return this.db.prepare("SELECT * FROM checklist_runs WHERE state = 'active' ORDER BY id").all() as ChecklistRunRow[];
  }

  activeFor(checklist: string, release: string): ChecklistRunRow | undefined {
    return this.db.prepare("SELECT * FROM checklist_runs WHERE state = 'active' AND checklist = ? AND release = ?").get(checklist, release) as
      ChecklistRunRow | undefined;
  }

  /** Runs, newest first. */
  runs(limit = 50): ChecklistRunRow[] {
    return this.db.prepare('SELECT * FROM checklist_runs ORDER BY id DESC LIMIT ?').all(limit) as ChecklistRunRow[];
  }

  steps(runId: number): ChecklistStepRow[] {
    return this.db.prepare('SELECT * FROM checklist_steps WHERE run_id = ? ORDER BY position').all(runId) as ChecklistStepRow[];
  }

  step(runId: number, step: string): ChecklistStepRow | undefined {
    return this.db.prepare('SELECT * FROM checklist_steps WHERE run_id = ? AND step = ?').get(runId, step) as ChecklistStepRow | undefined;
  }

  /**
   * Several transitions in one transaction: all of them or, when one finds its step moved, none (false). The
   * active run's fields given (aborted, T0) change in the same transaction.
   */
  transitionAll(
    moves: readonly { step: string; from: readonly StepState[]; to: StepState; fields: StepFields }[],
    runId: number,
    run: RunFields = {},
  ): boolean {
    try {
      this.db.transaction(() => {
        const set = RUN_FIELDS.filter((f) => run[f] !== undefined);
        if (set.length) {
          const sql = `UPDATE checklist_runs SET ${set.map((f) => `${f} = @${f}`).join(', ')} WHERE id = @id AND state = 'active'`;
          if (this.db.prepare(sql).run({ id: runId, ...Object.fromEntries(set.map((f) => [f, run[f]])) }).changes !== 1) throw new MovedMeanwhile();
        }
        for (const m of moves) if (!this.transition(runId, m.step, m.from, m.to, m.fields)) throw new MovedMeanwhile();
      })();
      return true;
    } catch (err) {
      if (err instanceof MovedMeanwhile) return false;
      throw err;
    }
  }

  /**
   * Moves a step to `to` only if it is in one of `from` (two consoles pressing Enter at once: one wins).
   * Returns whether it moved.
   */
  transition(runId: number, step: string, from: readonly StepState[], to: StepState, fields: StepFields = {}): boolean {
    const set = ['state = @to', ...STEP_FIELDS.filter((f) => fields[f] !== undefined).map((f) => `${f} = @${f}`)];
    if (fields.attemptsPlusOne) set.push('attempts = attempts + 1');
    const params: Record<string, unknown> = { run: runId, step, to };
    for (const f of STEP_FIELDS) if (fields[f] !== undefined) params[f] = fields[f];
    from.forEach((s, i) => (params[`from${i}`] = s));
    const sql = `UPDATE checklist_steps SET ${set.join(', ')} WHERE run_id = @run AND step = @step AND state IN (${from.map((_, i) => `@from${i}`).join(', ')})`;
    return this.db.prepare(sql).run(params).changes === 1;
  }

  /** Records when a step became ready (once). */
  markReady(runId: number, step: string, at: number): void {
    this.db.prepare('UPDATE checklist_steps SET ready_at = ? WHERE run_id = ? AND step = ? AND ready_at IS NULL').run(at, runId, step);
  }

  /** A step in progress says what it last saw (a check's reading); true when that changed. */
  note(runId: number, step: string, state: StepState, result: string): boolean {
    return (
      this.db
        .prepare("UPDATE checklist_steps SET result = ? WHERE run_id = ? AND step = ? AND state = ? AND coalesce(result, '') <> ?")
        .run(result, runId, step, state, result).changes === 1
    );
  }

  finishRun(id: number, reportPath: string, now = Date.now()): boolean {
    return (
      this.db.prepare("UPDATE checklist_runs SET state = 'done', finished_at = ?, report_path = ? WHERE id = ? AND state = 'active'").run(now, reportPath, id)
        .changes === 1
    );
  }

  /** Engine steps whose command is running, in every active run. */
  runningSteps(): ChecklistStepRow[] {
    return this.db
      .prepare(
        "SELECT s.* FROM checklist_steps s JOIN checklist_runs r ON r.id = s.run_id WHERE r.state = 'active' AND s.state = 'running' ORDER BY s.run_id, s.position",
      )
      .all() as ChecklistStepRow[];
  }
}
