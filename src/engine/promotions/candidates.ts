import type { PipelineStore, RepoRef } from '../../store/db/pipeline-store.js';
import { readLinkAt, type LinkPlace } from '../trunk/components.js';
import { cutAt } from './criteria.js';

/** How far back the promoter looks along a candidate label's history. */
export const CANDIDATE_DEPTH = 20;

/**
 * The hashes `candidateLabel` has held, newest first: for `consistent` the repos that were consistent, for
 * `current` every repo, otherwise its promotions; its present target always comes first.
 */
export function labelHistory(store: PipelineStore, reposDir: string, candidateLabel: string, depth = CANDIDATE_DEPTH, place?: LinkPlace): RepoRef[] {
  // With components, one component's share of the history: read deeper, keep its own.
  const read = place?.prefix ? depth * 10 : depth;
  let history: RepoRef[];
  if (candidateLabel === 'consistent') history = store.consistentRepos(read);
  else if (candidateLabel === 'current') history = store.recentRepos(read);
  else
    history = store
      .promotions({ label: candidateLabel, limit: read })
      .map((p) => store.repoByPath(p.repo_path))
      .filter((r): r is RepoRef => r !== undefined);
  if (place?.prefix) history = history.filter((r) => r.path.startsWith(place.prefix)).slice(0, depth);
  const now = readLinkAt(place ?? { dir: reposDir, prefix: '' }, candidateLabel);
  const present = now === null ? undefined : store.repoByPath(now);
  const all = present ? [present, ...history] : history;
  const seen = new Set<string>();
  return all.filter((r) => !seen.has(r.path) && seen.add(r.path));
}

/** The candidates of a target: its candidate label's history cut at the hash the target holds. */
export function candidatesFor(store: PipelineStore, reposDir: string, candidateLabel: string, holds: string | null, place?: LinkPlace): RepoRef[] {
  const history = labelHistory(store, reposDir, candidateLabel, CANDIDATE_DEPTH, place);
  const cut = cutAt(
    history.map((r) => r.path),
    holds,
  );
  const kept = history.filter((r) => cut.includes(r.path));
  if (holds === null || cut.length < history.length) return kept;
  // The target holds a hash its candidate label never had (a manual promotion): never move it backwards.
  const held = store.repoByPath(holds);
  return held ? kept.filter((r) => r.created_at > held.created_at) : kept;
}
