import type { LateBuilds } from './late-builds.js';
import { runTimer } from './run-timer.js';
import { hoursMinutes, hoursMinutesSeconds } from './timer.js';
import type { RunView, StepView } from './view.js';

const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().replace('.000Z', 'Z'));
/** A table cell: one line, no pipe breaking the table. */
const cell = (text: string | null | undefined) => (text ? text.replace(/\s+/g, ' ').replaceAll('|', '\\|') : '-');
const took = (s: StepView) => (s.durationMs === null ? '-' : hoursMinutesSeconds(s.durationMs));

/** The run's report (Markdown): timeline, who did what, the gates and their results, figures vs the references. */
export function runReport(run: RunView, now: number, late: LateBuilds | null = null): string {
  const t = runTimer(run, now);
  const out: string[] = [];
  out.push(`# ${run.title}: ${run.release} (run ${run.id})`, '');
  out.push(`- Checklist: ${run.checklist}`);
  const t0From = run.t0Step
    ? `the upstream GA announcement, when step ${run.t0Step} was marked`
    : run.t0Entered
      ? 'the upstream GA announcement, as entered'
      : 'taken from the start of the run';
  out.push(`- T0: ${iso(run.t0)} (${t0From})`);
  out.push(`- Started: ${iso(run.startedAt)} by ${run.startedBy}`);
  const ended = run.abortedReason === null ? 'Finished' : 'Aborted';
  out.push(`- ${run.state === 'done' ? `${ended}: ${iso(run.finishedAt)}, ${hoursMinutesSeconds(t.elapsedMs)} after T0` : `Not finished: ${t.summary}`}`);
  if (run.abortedReason !== null) out.push(`- Aborted because: ${run.abortedReason} (every unfinished step skipped)`);
  out.push('', '## Timeline', '');
  out.push('| # | step | kind | result | who | started | finished | took | expected | notes |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  run.steps.forEach((s, i) => {
    const started = s.startedAt ?? s.readyAt;
    out.push(
      `| ${i + 1} | ${cell(`${s.id}: ${s.title}`)}${s.critical ? ' (critical)' : ''} | ${s.kind} | ${cell(`${s.status}${s.result ? `: ${s.result}` : ''}`)} | ${cell(s.actor)} | ${iso(started)} | ${iso(s.finishedAt)} | ${took(s)} | ${hoursMinutes(s.minutes * 60_000)} | ${cell(s.notes)} |`,
    );
  });
  out.push('', '## Who did what', '');
  const byActor = new Map<string, StepView[]>();
  for (const s of run.steps) if (s.actor) byActor.set(s.actor, [...(byActor.get(s.actor) ?? []), s]);
  if (byActor.size === 0) out.push('- nobody yet');
  for (const [actor, steps] of byActor) out.push(`- ${actor}: ${steps.map((s) => `${s.id} (${s.kind}, ${s.status})`).join(', ')}`);
  out.push('', '## Gates and results', '');
  const gates = run.steps.filter((s) => s.kind === 'check' || s.kind === 'engine');
  if (gates.length === 0) out.push('- no engine or check steps');
  for (const s of gates) {
    const what =
      s.kind === 'engine'
        ? `\`${s.command} ${Object.entries(s.args)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}\``.replace(' `', '`')
        : 'check';
    out.push(
      `- ${s.id} (${what}): ${s.status}${s.attempts > 1 ? ` after ${s.attempts} attempts` : ''}${s.result ? ` — ${s.result.replace(/\s+/g, ' ')}` : ''}`,
    );
  }
  if (late) {
    out.push('', '## Late builds', '');
    for (const b of late.picked)
      out.push(
        `- ${b.nvr}: its upstream tag came late; built and tagged into ${late.tag} by the late-builds loop at ${iso(b.at)}, ${hoursMinutesSeconds(b.at - run.t0)} after T0`,
      );
    if (late.picked.length === 0) out.push('- none: every GA build was there when it was looked for');
    if (late.missing.length) out.push(`- still without a build in ${late.tag}: ${late.missing.join(', ')}`);
  }
  out.push('', '## Against the references', '');
  for (const l of t.lines) out.push(`- ${l.line}`);
  out.push(`- This run: ${run.state === 'done' ? `${hoursMinutesSeconds(t.elapsedMs)} from T0 to the last step` : t.summary}`);
  return `${out.join('\n')}\n`;
}
