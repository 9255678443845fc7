import type { PipelineStore, RepoRef } from '../../store/db/pipeline-store.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import type { LinkPlace } from '../trunk/components.js';
import { candidatesFor } from './candidates.js';
import { evaluateAggregateTarget } from './evaluate-aggregate.js';
import { pickCandidate } from './criteria.js';

export interface CandidateReport {
  repoHash: string;
  path: string;
  commitHash: string;
  distroHash: string;
  createdAt: number;
  /** Criteria met (by the job itself or an alternative). */
  passed: string[];
  missing: string[];
  /** Missing criteria whose latest vote failed / is still running. */
  failed: string[];
  inProgress: string[];
  blockers: string[];
  promotable: boolean;
}

export interface TargetReport {
  label: string;
  candidateLabel: string;
  criteria: string[];
  holds: string | null;
  candidates: CandidateReport[];
  /** The path the target moves to (or would, in a dry run); null when no candidate qualifies. */
  chosen: string | null;
}

/** What the promoter thinks of a target right now: its candidates, newest first, with passed and missing jobs. */
export function evaluateTarget(store: PipelineStore, reposDir: string, target: PromotionTarget, holds: string | null, place?: LinkPlace): TargetReport {
  if (target.aggregate) return evaluateAggregateTarget(store, target, holds);
  const repos = candidatesFor(store, reposDir, target.candidateLabel, holds, place);
  const inputs = repos.map((r) => ({
    path: r.path,
    buildStatus: r.build_status,
    purged: r.purged_at !== null,
    votes: store.votesOn(r.commit_hash, r.distro_hash),
  }));
  const { chosen, verdicts } = pickCandidate(inputs, holds, target);
  return {
    label: target.label,
    candidateLabel: target.candidateLabel,
    criteria: [...target.criteria],
    holds,
    chosen,
    candidates: verdicts.map((v, i) => candidateReport(repos[i]!, v.evaluation, v.blockers, v.promotable)),
  };
}

export function candidateReport(
  r: RepoRef,
  e: { passed: string[]; missing: string[]; failed: string[]; inProgress: string[] },
  blockers: string[],
  promotable: boolean,
): CandidateReport {
  return {
    repoHash: repoHashOf(r.path),
    path: r.path,
    commitHash: r.commit_hash,
    distroHash: r.distro_hash,
    createdAt: r.created_at,
    passed: e.passed,
    missing: e.missing,
    failed: e.failed,
    inProgress: e.inProgress,
    blockers,
    promotable,
  };
}
