import type { Facts } from '../area.js';
import type { LabelsView } from './labels-view.js';

/**
 * Per promotion target, for alert rules that name the label (null when all is well):
 * `promotions.candidates-failing.<label>`: every open candidate fails some criterion and none is still running;
 * `promotions.holder-stuck.<label>`: the hash it holds waits, for the next label, on a vote nothing will cast
 * (no vote, no failure, no run in progress or queued: `queued` holds `<job> <repo path>` of runs queued or running).
 */
export function labelFacts(view: LabelsView, queued: ReadonlySet<string>): Facts {
  const facts: Facts = {};
  for (const l of view.labels) {
    const open = l.candidates.filter((c) => c.repoHash !== l.repoHash);
    const allFail = open.length > 0 && open.every((c) => !c.promotable && c.failed.length + c.blockers.length > 0 && c.inProgress.length === 0);
    const why = [...new Set(open.flatMap((c) => [...c.failed, ...c.blockers]))].slice(0, 3).join(', ');
    facts[`promotions.candidates-failing.${l.label}`] = allFail ? `all ${open.length} candidate${open.length === 1 ? '' : 's'} fail (${why})` : null;
    const stuck: string[] = [];
    if (l.repoHash)
      for (const next of view.labels.filter((n) => n.candidateLabel === l.label)) {
        const held = next.candidates.find((c) => c.repoHash === l.repoHash);
        const jobs = held?.missing.filter((j) => !held.failed.includes(j) && !held.inProgress.includes(j) && !queued.has(`${j} ${held.path}`)) ?? [];
        if (jobs.length > 0) stuck.push(`no run of ${jobs.join(', ')} for ${next.label}`);
      }
    facts[`promotions.holder-stuck.${l.label}`] = stuck.length > 0 ? `holds ${l.repoHash!.slice(0, 8)}: ${stuck.join('; ')}` : null;
  }
  return facts;
}
