/** Indexes for the DLRN API's reads (repo_status, last_tested_repo, promotions, metrics/builds). */
export const apiIndexesMigration = `
CREATE INDEX repos_commit ON repos (commit_id);
CREATE INDEX repos_consistent ON repos (consistent, created_at);
CREATE INDEX votes_job_vote ON votes (ci_name, ci_vote, timestamp);
CREATE INDEX votes_vote_time ON votes (ci_vote, timestamp);
CREATE INDEX promotions_aggregate ON promotions (aggregate_hash);
CREATE INDEX builds_status_finished ON builds (status, finished_at);
`;
