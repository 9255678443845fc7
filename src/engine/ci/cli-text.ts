import { ago, textTable } from '../text-table.js';
import type { PoolView } from './pool-view.js';
import type { VotesView } from './votes-view.js';

/** `rdo-console pool list`. */
export function poolText(v: PoolView): string {
  if (!v.pool && v.nodes.length === 0) return 'no pool configured (pipeline.yml has no pool:)';
  return textTable(
    ['NODE', 'STATE', 'SINCE', 'AGE', 'JOB', 'NOTE'],
    v.nodes.map((n) => [
      n.name,
      n.state,
      ago(n.stateAt),
      ago(n.createdAt).replace(' ago', ''),
      n.job ? `${n.job.job} ${n.job.repoHash.slice(0, 17)}` : '-',
      n.holdReason ?? n.error ?? '',
    ]),
  );
}

/** `rdo-console votes HASH`. */
export function votesText(v: VotesView): string {
  return [
    `votes on ${v.repo_hash}`,
    textTable(
      ['JOB', 'RESULT', 'WHEN', 'USER', 'NOTES', 'URL'],
      v.votes.map((x) => [x.ci_name, x.ci_in_progress ? 'IN PROGRESS' : x.ci_vote ? 'SUCCESS' : 'FAILURE', ago(x.timestamp), x.user, x.notes, x.ci_url]),
    ),
  ].join('\n');
}
