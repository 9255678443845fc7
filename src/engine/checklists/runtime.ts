import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChecklistsStore, type ChecklistRunRow, type ChecklistStepRow, type StepState } from '../../store/db/checklists-store.js';
import type { Actor, EngineCore, Facts } from '../area.js';
import { EngineError } from '../errors.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../trunk/atomic-write.js';
import { evaluate, fill } from './condition.js';
import { lateBuilds } from './late-builds.js';
import { runReport } from './report.js';
import { checkStepRole, loadStepRoles, type StepRoles } from './step-roles.js';
import { catalogProblems, loadRunbooks, type LoadedRunbook } from './runbook.js';
import type { Step } from './runbook-schema.js';
import { BROKEN, filledArgs, FINISHED, runbookOf, runSummary, runView, type ChecklistListView, type RunView } from './view.js';

/** What an engine step keeps of its command's result. */
export const MAX_OUTPUT_BYTES = 64 * 1024;
export const REPORTS_DIR = 'checklists';
const ENGINE: Actor = { name: 'engine', role: 'operator' };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every role the steps of the runbooks name. */
export const rolesOf = (books: readonly LoadedRunbook[]) => [...new Set(books.flatMap((b) => b.runbook.steps.map((s) => s.role)))].sort();

/** The checklists area in an open engine: runbooks, runs in the store, the engine steps this process runs. */
export class ChecklistsRuntime {
  readonly store: ChecklistsStore;
  readonly runbooks: readonly (LoadedRunbook & { problems: string[] })[];
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly roles: StepRoles;

  constructor(
    private readonly engine: EngineCore,
    private readonly log: Logger,
  ) {
    this.store = new ChecklistsStore(engine.db);
    const catalog = engine.catalog();
    this.runbooks = loadRunbooks(engine.config.configDir).map((l) => ({ ...l, problems: catalogProblems(l.runbook, catalog) }));
    this.roles = loadStepRoles(engine.config.configDir, rolesOf(this.runbooks));
    for (const r of this.runbooks) if (r.problems.length) log.warn({ checklist: r.runbook.name, problems: r.problems }, 'checklist cannot run on this engine');
  }

  list(): ChecklistListView {
    this.sweep();
    return {
      runbooks: this.runbooks.map((r) => ({ name: r.runbook.name, title: r.runbook.title, file: r.file, steps: r.runbook.steps.length, problems: r.problems })),
      runs: this.store.runs().map(runSummary),
    };
  }

  /** A run's view; without an id, the newest active run, else the run that ended last (null when there is none). */
  status(id?: number): RunView | null {
    this.sweep();
    const run = id === undefined ? (this.store.activeRuns().at(-1) ?? this.lastEnded()) : this.runOrThrow(id);
    return run ? runView(run, this.store.steps(run.id)) : null;
  }

  report(id: number): { runId: number; path: string; final: boolean; markdown: string } {
    const run = this.runOrThrow(id);
    return {
      runId: id,
      path: run.report_path ?? this.reportPath(run),
      final: run.state === 'done',
      markdown: this.reportOf(run, Date.now()),
    };
  }

  private reportOf(run: ChecklistRunRow, now: number): string {
    const view = runView(run, this.store.steps(run.id));
    return runReport(view, now, lateBuilds(this.engine, run.release, view.t0, view.finishedAt ?? now));
  }

  private reportPath(run: ChecklistRunRow): string {
    return join(this.engine.paths.dataDir, REPORTS_DIR, `run-${run.id}-${run.checklist}-${run.release}.md`);
  }

  private runOrThrow(id: number): ChecklistRunRow {
    const run = this.store.run(id);
    if (!run) throw new EngineError('not-found', `no checklist run ${id}`);
    return run;
  }

  /** The run that ended last (finished or aborted), if any. */
  private lastEnded(): ChecklistRunRow | undefined {
    return this.store
      .runs()
      .filter((r) => r.finished_at !== null)
      .sort((a, b) => b.finished_at! - a.finished_at! || b.id - a.id)[0];
  }

  /** The newest run of a checklist for a release that finished (not aborted), if any. */
  lastFinished(checklist: string, release: string): ChecklistRunRow | undefined {
    return this.store.runs().find((r) => r.checklist === checklist && r.release === release && r.state === 'done' && r.aborted_reason === null);
  }

  start(checklist: string, release: string, t0: number | null, actor: Actor): RunView {
    const loaded = this.runbooks.find((r) => r.runbook.name === checklist);
    if (!loaded)
      throw new EngineError(
        'not-found',
        `checklist: no checklist "${checklist}"; checklists: ${this.runbooks.map((r) => r.runbook.name).join(', ') || 'none'}`,
      );
    if (loaded.problems.length) throw new EngineError('bad-request', `checklist ${checklist} cannot run on this engine: ${loaded.problems.join('; ')}`);
    const releases = this.engine.config.releases.map((r) => r.name);
    if (!releases.includes(release))
      throw new EngineError('bad-request', `release: no release "${release}" in rdoinfo.yml; releases: ${releases.join(', ') || 'none'}`);
    const active = this.store.activeFor(checklist, release);
    if (active) throw new EngineError('conflict', `checklist ${checklist} for ${release} is already running (run ${active.id})`);
    const now = Date.now();
    if (t0 !== null && t0 > now) throw new EngineError('bad-request', `t0: ${new Date(t0).toISOString()} is in the future`);
    const id = this.store.createRun({
      checklist,
      release,
      title: loaded.runbook.title,
      runbook: loaded.runbook,
      t0: t0 ?? now,
      t0Entered: t0 !== null,
      startedBy: actor.name,
      steps: loaded.runbook.steps.map((s) => s.id),
    });
    this.engine.events.append('checklist.started', { runId: id, checklist, release, t0: t0 ?? now }, actor.name);
    this.advance(id);
    return this.status(id)!;
  }

  /** The run (active) and one of its steps, with its runbook definition. */
  private target(runId: number, stepId: string): { run: ChecklistRunRow; def: Step; row: ChecklistStepRow; rows: ChecklistStepRow[] } {
    this.sweep();
    const run = this.runOrThrow(runId);
    const def = runbookOf(run).steps.find((s) => s.id === stepId);
    if (!def) throw new EngineError('not-found', `step: run ${runId} (${run.checklist}) has no step "${stepId}"`);
    if (run.state !== 'active') throw new EngineError('conflict', `run ${runId} is ${run.aborted_reason === null ? 'finished' : 'aborted'}`);
    const rows = this.store.steps(runId);
    return { run, def, row: rows.find((r) => r.step === stepId)!, rows };
  }

  private waitingFor(def: Step, rows: ChecklistStepRow[]): string | null {
    const open = def.needs.map((n) => rows.find((r) => r.step === n)!).filter((r) => !FINISHED.includes(r.state));
    return open.length
      ? `${def.id} waits for ${open.map((r) => `${r.step} (${r.state}${r.result && BROKEN.includes(r.state) ? `: ${r.result}` : ''})`).join(', ')}`
      : null;
  }

  private moved(runId: number, step: string, state: StepState, result: string | null, actor: string): void {
    this.engine.events.append('checklist.step', { runId, step, state, result }, actor);
  }

  /**
   * Does a step: runs an engine step's command (in the background: the step is `running` until it answers),
   * marks a manual one done (or failed) with notes, reads a check step's condition now.
   */
  step(runId: number, stepId: string, o: { notes?: string; failed?: boolean; confirmed?: boolean }, actor: Actor): string {
    const { run, def, row, rows } = this.target(runId, stepId);
    if (def.kind !== 'check') checkStepRole(this.roles, def.role, stepId, actor);
    if (FINISHED.includes(row.state)) throw new EngineError('conflict', `step ${stepId} is already ${row.state}`);
    if (row.state === 'running' || row.state === 'waiting')
      throw new EngineError('conflict', `step ${stepId} is already ${row.state}${row.result ? `: ${row.result}` : ''}`);
    if (BROKEN.includes(row.state)) throw new EngineError('conflict', `step ${stepId} ${row.state}: retry it, or skip it with a reason`);
    const waits = this.waitingFor(def, rows);
    if (waits) throw new EngineError('conflict', waits);
    if (def.kind === 'manual') {
      const now = Date.now();
      const state = o.failed ? 'failed' : 'done';
      // The announcement marked is T0 when none was entered at the start.
      const setsT0 = def['sets-t0'] && !o.failed && run.t0_entered === 0;
      const result = o.failed ? 'marked failed' : `marked done${setsT0 ? `; T0 set to ${new Date(now).toISOString().slice(11, 16)} UTC` : ''}`;
      const fields = { actor: actor.name, started_at: row.ready_at ?? now, finished_at: now, result, notes: o.notes ?? null, attemptsPlusOne: true };
      const t0 = setsT0 ? { t0: now, t0_entered: 1, t0_step: stepId } : {};
      if (!this.store.transitionAll([{ step: stepId, from: ['pending'], to: state, fields }], runId, t0))
        throw new EngineError('conflict', `step ${stepId} was moved meanwhile; look again`);
      this.moved(runId, stepId, state, result, actor.name);
      this.advance(runId);
      return `${stepId}: ${result}${o.notes ? ` (${o.notes})` : ''}`;
    }
    if (def.kind === 'check') {
      this.advance(runId);
      const now = this.store.step(runId, stepId)!;
      return `${stepId} is checked by the engine (${now.state}): ${now.result ?? 'not read yet'}`;
    }
    return this.launch(run, def, ['pending'], actor, o.confirmed ?? false);
  }

  /** Starts an engine step's command through the engine's dispatch; its result decides the step. */
  private launch(run: ChecklistRunRow, def: Step, from: StepState[], actor: Actor, confirmed: boolean): string {
    const name = fill(def.command!, run.release);
    const args = filledArgs(def, run.release);
    // A dangerous command asks first wherever it is run from: a checklist is no way around that.
    if (!confirmed && this.engine.catalog().commands.find((c) => c.name === name)?.dangerous)
      throw new EngineError('bad-request', `step ${def.id} runs ${name}, a dangerous command: confirm it (confirmed: true, --confirmed)`);
    const now = Date.now();
    const fields = { actor: actor.name, started_at: now, finished_at: null, result: null, output: null, runner_pid: process.pid, attemptsPlusOne: true };
    if (!this.store.transition(run.id, def.id, from, 'running', fields)) throw new EngineError('conflict', `step ${def.id} was moved meanwhile; look again`);
    this.moved(run.id, def.id, 'running', null, actor.name);
    const key = `${run.id}/${def.id}`;
    const done = this.engine
      .dispatch({ name, args }, actor)
      .then((r) => {
        const output = JSON.stringify(r).slice(0, MAX_OUTPUT_BYTES);
        const state: StepState = !r.ok ? 'failed' : def.until?.length ? 'waiting' : 'done';
        const finished = state === 'waiting' ? {} : { finished_at: Date.now() };
        if (this.store.transition(run.id, def.id, ['running'], state, { result: r.message, output, ...finished }))
          this.moved(run.id, def.id, state, r.message, actor.name);
        this.advance(run.id);
      })
      .catch((err: unknown) => this.log.error({ err, run: run.id, step: def.id }, 'checklist step could not be recorded'))
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, done);
    return `${def.id} started: ${name}${
      Object.keys(args).length
        ? ` ${Object.entries(args)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`
        : ''
    }`;
  }

  skip(runId: number, stepId: string, reason: string, actor: Actor): string {
    const { def, row } = this.target(runId, stepId);
    checkStepRole(this.roles, def.role, stepId, actor);
    if (FINISHED.includes(row.state)) throw new EngineError('conflict', `step ${stepId} is already ${row.state}`);
    if (row.state === 'running' && row.runner_pid !== null) throw new EngineError('conflict', `step ${stepId} is running its command; skip it once it answers`);
    const now = Date.now();
    const result = `skipped: ${reason}`;
    if (
      !this.store.transition(runId, stepId, [row.state], 'skipped', {
        actor: actor.name,
        finished_at: now,
        started_at: row.started_at ?? row.ready_at ?? now,
        result,
        notes: reason,
      })
    )
      throw new EngineError('conflict', `step ${stepId} was moved meanwhile; look again`);
    this.moved(runId, stepId, 'skipped', result, actor.name);
    this.advance(runId);
    return `${stepId} ${result}`;
  }

  /**
   * Ends an active run started by mistake or overtaken: every unfinished step is skipped with the reason, in one
   * transaction, and the run finishes with its report. Refused while a step's command is still running.
   */
  abort(runId: number, reason: string, actor: Actor): string {
    this.sweep();
    const run = this.runOrThrow(runId);
    if (run.state !== 'active') throw new EngineError('conflict', `run ${runId} is ${run.aborted_reason === null ? 'finished' : 'aborted'}`);
    const rows = this.store.steps(runId);
    const busy = rows.filter((r) => r.state === 'running' && r.runner_pid !== null).map((r) => r.step);
    if (busy.length) throw new EngineError('conflict', `step ${busy.join(', ')} is running its command; abort the run once it answers`);
    const open = rows.filter((r) => !FINISHED.includes(r.state));
    const now = Date.now();
    const result = `skipped: run aborted: ${reason}`;
    const moves = open.map((r) => ({
      step: r.step,
      from: [r.state],
      to: 'skipped' as const,
      fields: { actor: actor.name, finished_at: now, started_at: r.started_at ?? r.ready_at ?? now, result, notes: reason },
    }));
    if (!this.store.transitionAll(moves, runId, { aborted_reason: reason })) throw new EngineError('conflict', `run ${runId} moved meanwhile; look again`);
    for (const r of open) this.moved(runId, r.step, 'skipped', result, actor.name);
    this.advance(runId);
    return `run ${runId} aborted: ${open.length} step(s) skipped (${reason}); its report is written`;
  }

  /** A failed or interrupted step again: an engine step runs its command again, others go back to pending. */
  retry(runId: number, stepId: string, actor: Actor, confirmed = false): string {
    const { run, def, row, rows } = this.target(runId, stepId);
    checkStepRole(this.roles, def.role, stepId, actor);
    if (!BROKEN.includes(row.state)) throw new EngineError('conflict', `step ${stepId} is ${row.state}; only a failed or interrupted step is retried`);
    const waits = this.waitingFor(def, rows);
    if (waits) throw new EngineError('conflict', waits);
    if (def.kind === 'engine') return this.launch(run, def, [row.state], actor, confirmed);
    if (!this.store.transition(runId, stepId, [row.state], 'pending', { finished_at: null, result: null, actor: null }))
      throw new EngineError('conflict', `step ${stepId} was moved meanwhile; look again`);
    this.moved(runId, stepId, 'pending', null, actor.name);
    this.advance(runId);
    return `${stepId} is pending again`;
  }

  /** Every active run, moved on: the loop's tick. */
  tick(): void {
    this.sweep();
    for (const run of this.store.activeRuns()) this.advance(run.id);
  }

  /**
   * Engine steps left `running` by a process that is gone (killed mid-step) are interrupted: their command may
   * or may not have done its work, so an operator retries them. Safe from any process: it only touches steps
   * whose runner is dead (or is this process, which no longer runs them).
   */
  sweep(): void {
    for (const s of this.store.runningSteps()) {
      if (s.runner_pid === null) continue;
      const mine = s.runner_pid === process.pid;
      if (mine ? this.inflight.has(`${s.run_id}/${s.step}`) : isAlive(s.runner_pid)) continue;
      const result = `interrupted: the engine (pid ${s.runner_pid}) stopped while the command ran; retry it`;
      if (this.store.transition(s.run_id, s.step, ['running'], 'interrupted', { finished_at: Date.now(), result }))
        this.moved(s.run_id, s.step, 'interrupted', result, ENGINE.name);
    }
  }

  /**
   * Moves a run on as far as it goes now: steps whose needs are finished become ready (check steps start being
   * read), checks and the `until` conditions of waiting engine steps are read over the engine's facts, and a
   * run whose every step is finished ends with its report written.
   */
  advance(runId: number): void {
    const run = this.store.run(runId);
    if (!run || run.state !== 'active') return;
    const defs = runbookOf(run).steps;
    let facts: Facts | null = null;
    const read = () => (facts ??= this.engine.facts());
    for (let pass = 0; pass <= defs.length; pass++) {
      const rows = new Map(this.store.steps(runId).map((r) => [r.step, r]));
      let changed = false;
      const now = Date.now();
      for (const def of defs) {
        const row = rows.get(def.id)!;
        const ready = def.needs.every((n) => FINISHED.includes(rows.get(n)!.state));
        if (row.state === 'pending' && ready) {
          if (row.ready_at === null) this.store.markReady(runId, def.id, now);
          if (
            def.kind === 'check' &&
            this.store.transition(runId, def.id, ['pending'], 'running', { actor: ENGINE.name, started_at: now, attemptsPlusOne: true })
          ) {
            this.moved(runId, def.id, 'running', null, ENGINE.name);
            changed = true;
          }
        } else if (row.state === 'running' && def.kind === 'check') {
          const r = evaluate(def.check!, read(), run.release);
          const detail = def.detail ? fill(def.detail, run.release) : null;
          const why = detail ? `${r.why} · ${detail} = ${JSON.stringify(read()[detail] ?? null)}` : r.why;
          if (r.holds) {
            if (this.store.transition(runId, def.id, ['running'], 'done', { finished_at: now, result: r.why })) {
              this.moved(runId, def.id, 'done', r.why, ENGINE.name);
              changed = true;
            }
          } else if (this.store.note(runId, def.id, 'running', why)) this.moved(runId, def.id, 'running', why, ENGINE.name);
        } else if (row.state === 'waiting') {
          const results = def.until!.map((c) => evaluate(c, read(), run.release));
          const whys = results.map((r) => r.why).join('; ');
          const result = `${(row.result ?? '').split(' · until ')[0]} · until ${whys}`;
          if (results.every((r) => r.holds)) {
            if (this.store.transition(runId, def.id, ['waiting'], 'done', { finished_at: now, result })) {
              this.moved(runId, def.id, 'done', result, ENGINE.name);
              changed = true;
            }
          } else if (this.store.note(runId, def.id, 'waiting', result)) this.moved(runId, def.id, 'waiting', result, ENGINE.name);
        }
      }
      if (!changed) break;
      facts = null;
    }
    if (this.store.steps(runId).every((r) => FINISHED.includes(r.state))) this.finish(run);
  }

  private finish(run: ChecklistRunRow): void {
    const path = this.reportPath(run);
    const now = Date.now();
    if (!this.store.finishRun(run.id, path, now)) return;
    mkdirSync(join(this.engine.paths.dataDir, REPORTS_DIR), { recursive: true });
    writeFileAtomic(path, this.reportOf(this.store.run(run.id)!, now));
    this.engine.events.append('checklist.finished', { runId: run.id, checklist: run.checklist, release: run.release, report: path });
  }

  /**
   * Waits until the engine step this process started has its command's answer (a CLI `--wait`), and says how
   * the step stands then.
   */
  async settled(runId: number, stepId: string): Promise<{ ok: boolean; message: string }> {
    await this.inflight.get(`${runId}/${stepId}`);
    const row = this.store.step(runId, stepId)!;
    return { ok: !BROKEN.includes(row.state), message: `${stepId} ${row.state}${row.result ? `: ${row.result}` : ''}` };
  }

  /** Waits for the engine steps this process started (a CLI `checklist step` exits once its command answered). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
  }

  facts(): Facts {
    const active = this.store.activeRuns();
    const steps = active.flatMap((r) => this.store.steps(r.id));
    return {
      'checklists.active-runs': active.length,
      'checklists.broken-steps': steps.filter((s) => BROKEN.includes(s.state)).length,
      'checklists.invalid-runbooks': this.runbooks.filter((r) => r.problems.length > 0).length,
    };
  }
}
