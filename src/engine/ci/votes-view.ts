import { repoHashOf } from '../trunk/hashed-path.js';
import { resolveRepoHash } from '../promotions/repo-ref.js';
import type { CiRuntime } from './runtime.js';

/** A vote as DLRN's API and the CLI show it (ci_vote and ci_in_progress are 0 or 1). */
export interface VoteEntry {
  id: number;
  commit_hash: string | null;
  distro_hash: string | null;
  extended_hash: string | null;
  aggregate_hash: string | null;
  ci_name: string;
  ci_url: string;
  ci_vote: number;
  ci_in_progress: number;
  notes: string;
  user: string;
  timestamp: number;
  job_run_id: number | null;
}

export interface VotesView {
  repo_hash: string;
  commit_hash: string;
  distro_hash: string;
  votes: VoteEntry[];
}

/** The votes on a repo hash as operators type it, oldest first. */
export function votesView(ci: CiRuntime, hash: string): VotesView {
  const repo = resolveRepoHash(ci.store, hash);
  const votes: VoteEntry[] = ci.store.votesOn(repo.commit_hash, repo.distro_hash).map((v) => ({ ...v }));
  return { repo_hash: repoHashOf(repo.path), commit_hash: repo.commit_hash, distro_hash: repo.distro_hash, votes };
}
