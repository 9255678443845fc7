import { z } from 'zod';
import { CHECKLISTS_MIGRATIONS } from '../../store/db/migrations/checklists.js';
import { commandFor, defineArea, queryFor, type CommandResult, type EngineCore } from '../area.js';
import { EngineError } from '../errors.js';
import { listText, statusText } from './cli-text.js';
import { CHECKLISTS_EVENTS } from './events.js';
import { loadRunbooks } from './runbook.js';
import { ChecklistsRuntime, rolesOf } from './runtime.js';
import { loadStepRoles } from './step-roles.js';
import type { RunView } from './view.js';

const command = commandFor<ChecklistsRuntime>();
const query = queryFor<ChecklistsRuntime>();
const TICK_MS = 2000;
const run = z.number().int().min(1).describe('a run id, as checklist list shows it');
const step = z.string().min(1).max(100).describe('a step id of the run');

function instant(value: string): number {
  const t = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(t))
    throw new EngineError('bad-request', `t0: not an ISO time like 2026-12-15T14:00Z (got ${JSON.stringify(value)})`);
  return t;
}

/** A step that failed after --wait is a failed command for the CLI (exit 1), with the step's result. */
const settledResult = (s: { ok: boolean; message: string }): CommandResult => (s.ok ? s : { ...s, error: { kind: 'conflict' } });

/** Checklists: runbooks (GA day, branching) run step by step, shared by every console, with a GA timer. */
export const checklistsArea = defineArea({
  name: 'checklists',
  description: 'Release checklists (GA day, branching): runs, steps, the GA timer and reports',
  cliGroups: { checklist: 'Release checklists: list, start, status, step, skip, retry, abort, report' },
  migrations: CHECKLISTS_MIGRATIONS,
  checkConfig: (config) => void loadStepRoles(config.configDir, rolesOf(loadRunbooks(config.configDir))),
  open: (engine: EngineCore, log) => new ChecklistsRuntime(engine, log),
  recover: ({ area }) => area.sweep(),
  close: (area) => area.close(),
  commands: [
    command({
      name: 'checklist.start',
      description: 'Start a checklist for a release (T0: the upstream GA announcement, or now)',
      dangerous: false,
      args: z.object({
        checklist: z.string().min(1).max(100).describe('a checklist name, as checklist list shows it'),
        release: z.string().min(1).max(100).describe('a release from rdoinfo.yml'),
        t0: z.string().max(40).optional().describe('ISO time of the upstream GA announcement (default: now)'),
      }),
      cli: { positional: ['checklist', 'release'], text: (r: RunView) => statusText(r) },
      run: ({ checklist, release, t0 }, { area, actor }) => {
        const before = area.lastFinished(checklist, release);
        const r = area.start(checklist, release, t0 === undefined ? null : instant(t0), actor);
        const note = before
          ? ` (note: run ${before.id} of ${checklist} for ${release} already finished, ${new Date(before.finished_at!).toISOString().slice(0, 16)}Z; checklist.abort ends this one)`
          : '';
        return { ok: true, message: `run ${r.id} started: ${r.title} for ${r.release}${note}`, data: r };
      },
    }),
    command({
      name: 'checklist.step',
      description: 'Do a step: run an engine step, mark a manual one done (or --failed) with notes',
      dangerous: false,
      args: z.object({
        run,
        step,
        notes: z.string().max(2000).optional().describe('what was done (manual steps)'),
        failed: z.boolean().optional().describe('mark a manual step failed: its dependents are blocked'),
        confirmed: z.boolean().optional().describe('run an engine step whose command is dangerous (the operator was asked)'),
        wait: z.boolean().optional().describe("answer once an engine step's command has answered, with how the step stands"),
      }),
      cli: { positional: ['run', 'step'] },
      run: async ({ run, step, notes, failed, confirmed, wait }, { area, actor }) => {
        const message = area.step(run, step, { notes, failed, confirmed }, actor);
        return wait ? settledResult(await area.settled(run, step)) : { ok: true, message };
      },
    }),
    command({
      name: 'checklist.skip',
      description: 'Skip a step, with the reason (its dependents may go on)',
      dangerous: false,
      args: z.object({ run, step, reason: z.string().min(1).max(2000).describe('why it is skipped') }),
      cli: { positional: ['run', 'step'] },
      run: ({ run, step, reason }, { area, actor }) => ({ ok: true, message: area.skip(run, step, reason, actor) }),
    }),
    command({
      name: 'checklist.abort',
      description: 'End an active run: every unfinished step skipped with the reason, the report written',
      dangerous: true,
      confirm: 'Abort checklist run {run}?',
      args: z.object({ run, reason: z.string().min(1).max(2000).describe('why the run is abandoned') }),
      cli: { positional: ['run'] },
      run: ({ run, reason }, { area, actor }) => ({ ok: true, message: area.abort(run, reason, actor) }),
    }),
    command({
      name: 'checklist.retry',
      description: 'Retry a failed or interrupted step (an engine step runs its command again)',
      dangerous: false,
      args: z.object({
        run,
        step,
        confirmed: z.boolean().optional().describe('retry an engine step whose command is dangerous'),
        wait: z.boolean().optional().describe("answer once the step's command has answered"),
      }),
      cli: { positional: ['run', 'step'] },
      run: async ({ run, step, confirmed, wait }, { area, actor }) => {
        const message = area.retry(run, step, actor, confirmed ?? false);
        return wait ? settledResult(await area.settled(run, step)) : { ok: true, message };
      },
    }),
  ],
  queries: [
    query({
      name: 'checklist.list',
      description: 'The checklists (and whether each can run here) and the runs, newest first',
      args: z.object({}),
      changesOn: CHECKLISTS_EVENTS,
      cli: { text: listText },
      run: (_args, { area }) => area.list(),
    }),
    query({
      name: 'checklist.status',
      description: 'A run with its steps and timer (default: the newest active run, else the run that ended last)',
      args: z.object({ run: run.optional() }),
      changesOn: CHECKLISTS_EVENTS,
      cli: { positional: ['run'], text: (r: RunView | null) => statusText(r) },
      run: ({ run }, { area }) => area.status(run),
    }),
    query({
      name: 'checklist.report',
      description: "A run's report (Markdown): timeline, who did what, gates, figures against the references",
      args: z.object({ run }),
      changesOn: CHECKLISTS_EVENTS,
      cli: { positional: ['run'], text: (r: { markdown: string }) => r.markdown.trimEnd() },
      run: ({ run }, { area }) => area.report(run),
    }),
  ],
  loops: [
    {
      name: 'checklists',
      description: 'Moves active checklist runs on: reads check steps and waiting engine steps over the facts',
      every: () => TICK_MS,
      startNow: true,
      tick: async ({ area }) => area.tick(),
    },
  ],
  events: CHECKLISTS_EVENTS,
  eventLevels: { 'checklist.started': 'info', 'checklist.finished': 'info' },
  facts: ({ area }) => area.facts(),
  metrics: [
    {
      name: 'rdo_checklist_runs_active',
      help: 'Checklist runs in progress',
      type: 'gauge',
      collect: ({ area }) => [{ value: area.store.activeRuns().length }],
    },
  ],
});

export const checklistsOf = (engine: Pick<EngineCore, 'area'>): ChecklistsRuntime => engine.area(checklistsArea);
