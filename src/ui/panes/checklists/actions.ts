import { defaultQuestion } from '../../confirm.js';
import { runOutcome } from '../../../engine/client/index.js';
import type { PaneAction, PaneContext } from '../types.js';
import type { ChecklistTarget } from './rows.js';

type Step = Extract<ChecklistTarget, { kind: 'step' }>;

function selectedStep(ctx: PaneContext<ChecklistTarget>): Step | undefined {
  const t = ctx.selected();
  if (t?.kind === 'step' && t.run.state === 'active') return t;
  ctx.notify(false, t?.kind === 'step' ? ended(t) : 'select a step of the active run first');
  return undefined;
}

/** A step of a run that ended is shown as it ended; nothing moves it. */
const ended = (t: Step) => `run ${t.run.id} ${runOutcome(t.run)}: its steps stay as they ended (o: its report)`;

/** `newton` or `newton 2026-12-15T09:00Z`: the release and, if given, T0. */
export function startArgs(checklist: string, text: string): Record<string, string> | string {
  const [release, t0, extra] = text.split(/\s+/).filter(Boolean);
  if (!release) return 'give the release (and T0 as an ISO time if it is not now)';
  if (extra !== undefined) return `too many words: "${text}"; give the release and T0 only`;
  return { checklist, release, ...(t0 ? { t0 } : {}) };
}

const isDangerous = (ctx: PaneContext<ChecklistTarget>, command: string | null) =>
  ctx.data()?.snapshot.catalog.commands.find((c) => c.name === command)?.dangerous ?? true;

/** A step whose command is dangerous runs only after the operator answers y, asked as the command itself asks. */
function confirmThen(ctx: PaneContext<ChecklistTarget>, step: Step['step'], command: 'checklist.step' | 'checklist.retry', run: number): void {
  const asked = defaultQuestion({ name: step.command!, args: step.args }, ctx.data()?.snapshot.catalog ?? null);
  ctx.confirm({ name: command, args: { run, step: step.id, confirmed: true } }, `step ${step.id}: ${asked.question}`, asked.detail);
}

function openReport(ctx: PaneContext<ChecklistTarget>, t: ChecklistTarget | undefined): void {
  if (t?.kind === 'run') return ctx.show({ kind: 'report', run: t.run.id, title: `report of run ${t.run.id} (${t.run.checklist} ${t.run.release})` }, 0);
  if (t?.kind === 'step') {
    const sofar = t.run.state === 'active' ? ', so far' : '';
    return ctx.show({ kind: 'report', run: t.run.id, title: `report of run ${t.run.id} (${t.run.checklist} ${t.run.release}${sofar})` }, 0);
  }
  ctx.notify(false, 'select a run to read its report');
}

export const CHECKLISTS_ACTIONS: readonly PaneAction<ChecklistTarget>[] = [
  {
    id: 'do',
    keys: ['enter'],
    label: 'do step',
    description: "Run an engine step or mark a manual one (notes asked); start a checklist; open a run's report",
    commands: ['checklist.step', 'checklist.start'],
    footer: true,
    run: (ctx) => {
      const t = ctx.selected();
      if (!t) return;
      if (t.kind === 'run') return openReport(ctx, t);
      if (t.kind === 'runbook') {
        const book = t.runbook;
        if (book.problems.length) return ctx.notify(false, `${book.name} cannot run here: ${book.problems.join('; ')}`);
        return ctx.ask(`start ${book.name}: release [T0 ISO]`, (text) => {
          const args = startArgs(book.name, text);
          if (typeof args === 'string') return ctx.notify(false, args);
          ctx.run({ name: 'checklist.start', args });
        });
      }
      const { run, step } = t;
      if (run.state !== 'active') return ctx.notify(false, ended(t));
      if (step.status === 'failed' || step.status === 'interrupted') return ctx.notify(false, `${step.id} ${step.status}: r retries it, s skips it`);
      if (step.kind === 'manual' && step.status === 'ready')
        return ctx.ask(`notes for ${step.id}`, (notes) =>
          ctx.run({ name: 'checklist.step', args: { run: run.id, step: step.id, ...(notes ? { notes } : {}) } }),
        );
      const base = { run: run.id, step: step.id };
      if (step.kind === 'engine' && isDangerous(ctx, step.command)) return confirmThen(ctx, step, 'checklist.step', run.id);
      ctx.run({ name: 'checklist.step', args: base });
    },
  },
  {
    id: 'skip',
    keys: ['s'],
    label: 'skip',
    description: 'Skip the selected step, with a reason (asked for)',
    commands: ['checklist.skip'],
    footer: true,
    run: (ctx) => {
      const t = selectedStep(ctx);
      if (!t) return;
      ctx.ask(`reason to skip ${t.step.id}`, (reason) => {
        if (!reason) return ctx.notify(false, `${t.step.id} not skipped: a skip needs a reason`);
        ctx.run({ name: 'checklist.skip', args: { run: t.run.id, step: t.step.id, reason } });
      });
    },
  },
  {
    id: 'retry',
    keys: ['r'],
    label: 'retry',
    description: 'Retry the selected failed or interrupted step',
    commands: ['checklist.retry'],
    footer: true,
    run: (ctx) => {
      const t = selectedStep(ctx);
      if (!t) return;
      const base = { run: t.run.id, step: t.step.id };
      if (t.step.kind === 'engine' && isDangerous(ctx, t.step.command)) return confirmThen(ctx, t.step, 'checklist.retry', t.run.id);
      ctx.run({ name: 'checklist.retry', args: base });
    },
  },
  {
    id: 'fail',
    keys: ['f'],
    label: 'mark failed',
    description: 'Mark the selected manual step failed, with notes (its dependents are blocked)',
    commands: ['checklist.step'],
    run: (ctx) => {
      const t = selectedStep(ctx);
      if (!t) return;
      if (t.step.kind !== 'manual') return ctx.notify(false, `${t.step.id} is a ${t.step.kind} step: the engine decides whether it fails`);
      ctx.ask(`why ${t.step.id} failed`, (notes) =>
        ctx.run({ name: 'checklist.step', args: { run: t.run.id, step: t.step.id, failed: true, ...(notes ? { notes } : {}) } }),
      );
    },
  },
  {
    id: 'abort',
    keys: ['A'],
    label: 'abort run',
    description: 'Abort the selected active run: its unfinished steps skipped with a reason (asked, then y/N)',
    commands: ['checklist.abort'],
    run: (ctx) => {
      const t = ctx.selected();
      const run = (t?.kind === 'step' || t?.kind === 'run') && t.run.state === 'active' ? t.run : null;
      if (!run) return ctx.notify(false, 'select a step of the active run (or the active run) to abort it');
      ctx.ask(`reason to abort run ${run.id} (${run.checklist} ${run.release})`, (reason) => {
        if (!reason) return `run ${run.id} not aborted: an abort needs a reason`;
        ctx.run({ name: 'checklist.abort', args: { run: run.id, reason } });
      });
    },
  },
  {
    id: 'report',
    keys: ['o'],
    label: 'report',
    description: "Open the selected run's report (Markdown: timeline, who did what, gates, figures)",
    footer: true,
    run: (ctx) => openReport(ctx, ctx.selected()),
  },
];
