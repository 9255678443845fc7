import type { LabelSummary, LabelsView, PoolView } from '../engine/client/index.js';
import { backupAlertList } from './panes/backups/rows.js';
import type { PaneData } from './panes/types.js';

/** Something wrong that on-call should look at, and the row of the pane it is about. */
export interface Alert {
  severity: 'critical' | 'warning';
  /** One line: what is wrong and why. */
  text: string;
  pane: string;
  list: string;
  rowKey: string;
}

/**
 * What the header counts and `!` lists: failing builds, skipped packages, labels whose candidates all fail,
 * labels held by a hash missing a vote that nothing is running, failed pool nodes. Derived from what the
 * console already watches, so a console attached to any engine shows them.
 */
export function alertsOf(data: PaneData): Alert[] {
  const alerts: Alert[] = [];
  for (const p of data.snapshot.trunk.packages) {
    if (p.status === 'FAILED')
      alerts.push({ severity: 'critical', text: `${p.package}: build failing`, pane: 'trunk', list: 'trunk.packages', rowKey: `p${p.package}` });
    if (p.skipped)
      alerts.push({ severity: 'warning', text: `${p.package}: skipped — ${p.skipped}`, pane: 'trunk', list: 'trunk.packages', rowKey: `p${p.package}` });
  }
  const labels = data.views['promotions.labels'] as LabelsView | undefined;
  const pool = data.views['ci.pool'] as PoolView | undefined;
  const queued = new Set((pool?.queue ?? []).map((r) => `${r.job} ${r.repoHash}`));
  for (const l of labels?.labels ?? []) alerts.push(...labelAlerts(l, labels!.labels, queued));
  for (const n of pool?.nodes ?? [])
    if (n.state === 'failed')
      alerts.push({
        severity: 'warning',
        text: `node ${n.name} failed${n.error ? `: ${n.error}` : ''}`,
        pane: 'pool',
        list: 'pool.nodes',
        rowKey: `n${n.name}`,
      });
  alerts.push(...backupAlertList(data));
  return alerts;
}

function labelAlerts(l: LabelSummary, all: readonly LabelSummary[], queued: ReadonlySet<string>): Alert[] {
  const at = { pane: 'promotions', list: 'promotions.labels', rowKey: `l${l.label}` };
  const out: Alert[] = [];
  const open = l.candidates.filter((c) => c.repoHash !== l.repoHash);
  if (open.length > 0 && open.every((c) => !c.promotable && c.failed.length + c.blockers.length > 0 && c.inProgress.length === 0)) {
    const why = [...new Set(open.flatMap((c) => [...c.failed, ...c.blockers]))].slice(0, 3).join(', ');
    out.push({ severity: 'critical', text: `${l.label}: all ${open.length} candidate${open.length === 1 ? '' : 's'} fail (${why})`, ...at });
  }
  // The hash this label holds is what the next label waits on: a criterion with no vote and no run is stuck.
  if (l.repoHash)
    for (const next of all.filter((n) => n.candidateLabel === l.label)) {
      const held = next.candidates.find((c) => c.repoHash === l.repoHash);
      const stuck = held?.missing.filter((j) => !held.failed.includes(j) && !held.inProgress.includes(j) && !queued.has(`${j} ${held.repoHash}`)) ?? [];
      if (stuck.length > 0)
        out.push({ severity: 'warning', text: `${l.label} holds ${l.repoHash.slice(0, 8)}: no run of ${stuck.join(', ')} for ${next.label}`, ...at });
    }
  return out;
}
