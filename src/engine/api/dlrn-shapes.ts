/** Rows as DLRN's API answers them: its field names, booleans, and timestamps in seconds (the store keeps ms). */
import type { VoteRow } from '../../store/db/pipeline-store.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import type { ApiPromotion, ApiRepo } from '../../store/db/dlrn-queries.js';

export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** One vote, as in repo_status's list (last_tested_repo leaves out url and notes). */
export function voteJson(v: VoteRow, repo: Pick<ApiRepo, 'extended_hash' | 'component'>) {
  return {
    timestamp: seconds(v.timestamp),
    commit_hash: v.commit_hash,
    distro_hash: v.distro_hash,
    extended_hash: repo.extended_hash,
    job_id: v.ci_name,
    success: v.ci_vote === 1,
    in_progress: v.ci_in_progress === 1,
    url: v.ci_url,
    notes: v.notes,
    user: v.user,
    component: repo.component,
  };
}

/** One vote on an aggregate hash, as agg_status answers it (DLRN's civotes_agg). */
export function aggregateVoteJson(v: VoteRow) {
  return {
    timestamp: seconds(v.timestamp),
    aggregate_hash: v.aggregate_hash,
    job_id: v.ci_name,
    success: v.ci_vote === 1,
    in_progress: v.ci_in_progress === 1,
    url: v.ci_url,
    notes: v.notes,
    user: v.user,
  };
}

/** The repo last_tested_repo picked, with the vote that picked it. */
export function testedRepoJson(repo: ApiRepo, vote: { ci_name: string; ci_vote: number; ci_in_progress: number; timestamp: number; user: string }) {
  return {
    commit_hash: repo.commit_hash,
    distro_hash: repo.distro_hash,
    extended_hash: repo.extended_hash,
    timestamp: seconds(vote.timestamp),
    job_id: vote.ci_name,
    success: vote.ci_vote === 1,
    in_progress: vote.ci_in_progress === 1,
    user: vote.user,
    component: repo.component,
  };
}

/** One promotion, as /api/promotions lists it and /api/promote answers it. */
export function promotionJson(p: ApiPromotion, baseurl: string) {
  return {
    timestamp: seconds(p.timestamp),
    commit_hash: p.commit_hash,
    distro_hash: p.distro_hash,
    extended_hash: p.extended_hash,
    aggregate_hash: p.aggregate_hash,
    repo_hash: repoHashOf(p.repo_path),
    repo_url: `${baseurl.replace(/\/$/, '')}/${p.repo_path}`,
    promote_name: p.promote_name,
    component: p.component,
    user: p.user,
  };
}
