/** A target promoted on aggregate votes: its candidates are the aggregates its candidate label held. */
import type { PipelineStore } from '../../store/db/pipeline-store.js';
import { aggregateHistory, aggregateMembers } from '../../store/db/aggregate-store.js';
import { votesOnAggregate } from '../../store/db/vote-queries.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { aggregatePath } from '../trunk/aggregate.js';
import { CANDIDATE_DEPTH } from './candidates.js';
import { cutAt, pickCandidate } from './criteria.js';
import type { CandidateReport, TargetReport } from './evaluate.js';

/** The aggregate hash a top-level link holds (`aggregates/ab/cd/<hash>`), or null. */
export function aggregateHashOf(path: string | null): string | null {
  return path?.startsWith('aggregates/') ? path.slice(path.lastIndexOf('/') + 1) : null;
}

export function evaluateAggregateTarget(store: PipelineStore, target: PromotionTarget, holds: string | null): TargetReport {
  const history = aggregateHistory(store.db, target.candidateLabel, CANDIDATE_DEPTH);
  const paths = history.map((h) => aggregatePath(h.hash));
  let kept = cutAt(paths, holds);
  if (holds !== null && kept.length === paths.length) {
    // The target holds an aggregate its candidate label never had: never move it backwards.
    const held = aggregateHistory(store.db, target.label, 1)[0];
    if (held) kept = kept.filter((p) => history[paths.indexOf(p)]!.created_at > held.created_at);
  }
  const candidates = kept.map((path) => {
    const hash = aggregateHashOf(path)!;
    const repos = aggregateMembers(store.db, hash).map((m) => store.repoByPath(m.repo_path));
    return {
      hash,
      path,
      createdAt: history[paths.indexOf(path)]!.created_at,
      input: {
        path,
        buildStatus: repos.every((r) => r?.build_status === 'SUCCESS') ? 'SUCCESS' : 'FAILED',
        purged: repos.some((r) => r === undefined || r.purged_at !== null),
        votes: votesOnAggregate(store.db, hash, undefined),
      },
    };
  });
  const { chosen, verdicts } = pickCandidate(
    candidates.map((c) => c.input),
    holds,
    target,
  );
  return {
    label: target.label,
    candidateLabel: target.candidateLabel,
    criteria: [...target.criteria],
    holds,
    chosen,
    candidates: verdicts.map((v, i): CandidateReport => ({
      repoHash: candidates[i]!.hash,
      path: v.path,
      commitHash: '',
      distroHash: '',
      createdAt: candidates[i]!.createdAt,
      passed: v.evaluation.passed,
      missing: v.evaluation.missing,
      failed: v.evaluation.failed,
      inProgress: v.evaluation.inProgress,
      blockers: v.blockers,
      promotable: v.promotable,
    })),
  };
}
