/** The DLRN API's anonymous GET endpoints. */
import { ENGINE_VOTER } from '../ci/votes.js';
import { paramsOf, type ApiContext, type ApiReply } from './dlrn-context.js';
import { buildMetricsParams, lastTestedRepoParams, parseParams, promotionsParams, repoStatusParams } from './dlrn-params.js';
import type { ApiRepo, DlrnQueries } from '../../store/db/dlrn-queries.js';
import { ApiError } from './dlrn-request.js';
import { promotionJson, testedRepoJson, voteJson } from './dlrn-shapes.js';

const NOT_FOUND = 'commit_hash+distro_hash+extended_hash combination not found';

/** A component filter must name a component of rdoinfo; an aggregate filter an aggregate this trunk made. */
export function checkedFilters<P extends { component?: string; aggregate_hash?: string }>(ctx: ApiContext, p: P): P {
  if (p.component !== undefined && !ctx.engine.config.packages.some((pkg) => pkg.component === p.component)) {
    const known = [...new Set(ctx.engine.config.packages.map((pkg) => pkg.component))].sort().join(', ');
    throw new ApiError(400, `Unknown component ${JSON.stringify(p.component)} (components: ${known})`);
  }
  if (p.aggregate_hash !== undefined && !ctx.queries.aggregateKnown(p.aggregate_hash)) throw new ApiError(400, 'aggregate_hash not found');
  return p;
}

/** GET /api/repo_status: the votes on one SUCCESS repo. */
export function repoStatus(ctx: ApiContext): ApiReply {
  const p = parseParams(repoStatusParams, paramsOf(ctx));
  const repo = ctx.queries.successRepo(p.commit_hash, p.distro_hash, p.extended_hash);
  if (!repo) throw new ApiError(400, NOT_FOUND);
  return { status: 200, body: ctx.queries.votesOn(repo, p.success).map((v) => voteJson(v, repo)) };
}

export interface TestedRepoQuery {
  max_age: number;
  success?: boolean;
  job_id?: string;
  sequential_mode?: boolean;
  previous_job_id?: string;
  component?: string;
  aggregate_hash?: string;
}

interface TestedRepo {
  repo: ApiRepo;
  vote: { ci_name: string; ci_vote: number; ci_in_progress: number; timestamp: number; user: string };
}

/**
 * DLRN's getVote: the newest vote for the job; failing that (unless sequential) the newest vote of any job;
 * failing that the newest consistent repo, which DLRN records as a `consistent` vote and we read from repos.
 */
export function findTestedRepo(queries: DlrnQueries, q: TestedRepoQuery, now: number): TestedRepo {
  const since = q.max_age === 0 ? 0 : now - q.max_age * 3_600_000;
  const filter = { since, success: q.success, component: q.component, aggregateHash: q.aggregate_hash };
  const job = q.sequential_mode ? q.previous_job_id : q.job_id;
  let vote = queries.lastVote({ ...filter, job });
  if (!vote && !q.sequential_mode && job !== undefined) vote = queries.lastVote(filter);
  const voted = vote && queries.successRepo(vote.commit_hash!, vote.distro_hash!, vote.extended_hash);
  if (vote && voted) return { repo: voted, vote };
  if (q.sequential_mode || q.success === false) throw new ApiError(400, 'No vote found');
  const consistent = queries.lastConsistentRepo(since, q.component, q.aggregate_hash);
  if (!consistent) throw new ApiError(400, 'No vote found');
  return { repo: consistent, vote: { ci_name: 'consistent', ci_vote: 1, ci_in_progress: 0, timestamp: consistent.created_at, user: ENGINE_VOTER } };
}

/** GET /api/last_tested_repo. */
export function lastTestedRepo(ctx: ApiContext): ApiReply {
  const p = checkedFilters(ctx, parseParams(lastTestedRepoParams, paramsOf(ctx)));
  const { repo, vote } = findTestedRepo(ctx.queries, p, ctx.now);
  return { status: 200, body: testedRepoJson(repo, vote) };
}

/** GET /api/promotions: newest first, at most 100. */
export function promotions(ctx: ApiContext): ApiReply {
  const p = checkedFilters(ctx, parseParams(promotionsParams, paramsOf(ctx)));
  if (p.commit_hash !== undefined && !ctx.queries.successRepo(p.commit_hash, p.distro_hash!, p.extended_hash)) throw new ApiError(400, NOT_FOUND);
  const rows = ctx.queries.promotions({
    commitHash: p.commit_hash,
    distroHash: p.distro_hash,
    extendedHash: p.extended_hash,
    aggregateHash: p.aggregate_hash,
    label: p.promote_name,
    component: p.component,
    offset: p.offset ?? 0,
    limit: Math.min(p.limit ?? 100, 100),
  });
  const baseurl = ctx.engine.config.trunk.baseurl;
  return { status: 200, body: rows.map((r) => promotionJson(r, baseurl)) };
}

/** GET /api/metrics/builds: SUCCESS and FAILED builds finished in [start_date, end_date) UTC. */
export function buildMetrics(ctx: ApiContext): ApiReply {
  const p = parseParams(buildMetricsParams, paramsOf(ctx));
  const { succeeded, failed } = ctx.queries.buildCounts(p.start_date, p.end_date, p.package_name);
  return { status: 200, body: { succeeded, failed, total: succeeded + failed } };
}
