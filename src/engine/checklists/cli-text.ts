import { textTable } from '../text-table.js';
import { runTimer } from './run-timer.js';
import { hoursMinutes } from './timer.js';
import { runOutcome, type ChecklistListView, type RunView } from './view.js';

const iso = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' '));

export function listText(v: ChecklistListView): string {
  const books = textTable(
    ['CHECKLIST', 'STEPS', 'TITLE', 'CAN RUN'],
    v.runbooks.map((r) => [r.name, String(r.steps), r.title, r.problems.length ? `no: ${r.problems.join('; ')}` : 'yes']),
  );
  const runs = v.runs.length
    ? textTable(
        ['RUN', 'CHECKLIST', 'RELEASE', 'STATE', 'T0 UTC', 'BY', 'REPORT'],
        v.runs.map((r) => [String(r.id), r.checklist, r.release, runOutcome(r), iso(r.t0), r.startedBy, r.reportPath ?? '-']),
      )
    : '(no runs yet)';
  return `${books}\n\n${runs}`;
}

export function statusText(run: RunView | null, now = Date.now()): string {
  if (!run) return '(no checklist run yet; checklist start <checklist> <release>)';
  const t = runTimer(run, now);
  const critical = new Set(t.criticalPath);
  const lines = [
    `run ${run.id}: ${run.title} for ${run.release} (${runOutcome(run)}${run.abortedReason ? `: ${run.abortedReason}` : ''}) · T0 ${iso(run.t0)} UTC · ${t.summary}`,
    ...t.lines.map((l) => `  ${l.line}`),
    '',
  ];
  lines.push(
    textTable(
      ['STEP', 'KIND', 'STATE', 'WHO', 'TOOK', 'RESULT'],
      run.steps.map((s) => [
        `${critical.has(s.id) ? '◆ ' : '  '}${s.id}`,
        s.kind,
        s.status,
        s.actor ?? '-',
        s.durationMs === null ? '-' : hoursMinutes(s.durationMs),
        (s.why ?? s.result ?? '-') + (s.notes && !s.result?.includes(s.notes) ? ` [notes: ${s.notes}]` : ''),
      ]),
    ),
  );
  if (critical.size) lines.push('', '◆ on the critical path');
  return lines.join('\n');
}
