import type { EventLog } from '../../store/db/event-log.js';
import type { PipelineStore, VoteRow } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';

/** The user the engine's own jobs vote as. */
export const ENGINE_VOTER = 'rdo-console';

export interface VoteInput {
  /** Either commit + distro hash (of a published repo) or an aggregate hash. */
  commitHash?: string;
  distroHash?: string;
  extendedHash?: string | null;
  aggregateHash?: string;
  ciName: string;
  success: boolean;
  inProgress?: boolean;
  url?: string;
  notes?: string;
  user: string;
  /** Milliseconds since the epoch; now by default. */
  timestamp?: number;
  jobRunId?: number | null;
}

/** Records one vote (from an engine job or from outside) and announces it. Throws EngineError. */
export function recordVote(store: PipelineStore, events: EventLog, v: VoteInput): VoteRow {
  const byRepo = v.commitHash !== undefined || v.distroHash !== undefined;
  if (byRepo === (v.aggregateHash !== undefined)) throw new EngineError('bad-request', 'give either commit_hash and distro_hash or aggregate_hash');
  if (byRepo && (!v.commitHash || !v.distroHash)) throw new EngineError('bad-request', 'commit_hash and distro_hash go together');
  if (!v.ciName.trim()) throw new EngineError('bad-request', 'the job name (ci_name) must not be empty');
  if (byRepo && store.reposOf(v.commitHash!, v.distroHash!).length === 0) {
    throw new EngineError('not-found', `no repo for commit_hash ${v.commitHash} and distro_hash ${v.distroHash}`);
  }
  const vote = store.insertVote({
    commit_hash: v.commitHash ?? null,
    distro_hash: v.distroHash ?? null,
    extended_hash: v.extendedHash ?? null,
    aggregate_hash: v.aggregateHash ?? null,
    ci_name: v.ciName,
    ci_url: v.url ?? '',
    ci_vote: v.success ? 1 : 0,
    ci_in_progress: v.inProgress ? 1 : 0,
    notes: v.notes ?? '',
    user: v.user,
    timestamp: v.timestamp ?? Date.now(),
    job_run_id: v.jobRunId ?? null,
  });
  events.append(
    'vote.recorded',
    {
      voteId: vote.id,
      commitHash: vote.commit_hash,
      distroHash: vote.distro_hash,
      aggregateHash: vote.aggregate_hash,
      ciName: vote.ci_name,
      success: v.success,
      inProgress: Boolean(v.inProgress),
      url: vote.ci_url,
      user: vote.user,
    },
    v.user,
  );
  return vote;
}
