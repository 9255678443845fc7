/** The DLRN API's POST endpoints: votes, promotions and rechecks, each done as the authenticated user. */
import { recordVote as recordVoteIn, type VoteInput } from '../ci/votes.js';
import { ciArea } from '../ci/index.js';
import type { Engine } from '../engine.js';
import { promoteBatch as promoteReposIn } from '../promotions/batch.js';
import { promotionsArea } from '../promotions/index.js';
import { promote as promoteIn, type PromoteRequest, type PromoteResult } from '../promotions/promote.js';
import { EngineError } from '../errors.js';
import { paramsOf, type ApiContext, type ApiReply } from './dlrn-context.js';
import { trunkOf } from '../trunk/index.js';
import {
  parseParams,
  remoteImportParams,
  promoteBatchParams,
  promoteParams,
  recheckPackageParams,
  reportResultParams,
  useLastTestedRepoParams,
} from './dlrn-params.js';
import { checkedFilters, findTestedRepo } from './dlrn-reads.js';
import { ApiError } from './dlrn-request.js';
import { promotionJson, seconds, testedRepoJson } from './dlrn-shapes.js';

function recordVote(engine: Engine, input: VoteInput) {
  return recordVoteIn(engine.area(ciArea).store, engine.events, input);
}

function promoteRepo(engine: Engine, req: PromoteRequest): PromoteResult {
  return promoteIn(engine.area(promotionsArea).promotion, req);
}

function promoteRepos(engine: Engine, reqs: readonly PromoteRequest[]): PromoteResult[] {
  return promoteReposIn(engine.area(promotionsArea).promotion, reqs);
}

/** POST /api/last_tested_repo: picks a repo like the GET and records an in-progress vote of reporting_job_id on it. */
export function useLastTestedRepo(ctx: ApiContext): ApiReply {
  const p = checkedFilters(ctx, parseParams(useLastTestedRepoParams, paramsOf(ctx)));
  const { repo } = findTestedRepo(ctx.queries, p, ctx.now);
  const vote = recordVote(ctx.engine, {
    commitHash: repo.commit_hash,
    distroHash: repo.distro_hash,
    extendedHash: repo.extended_hash,
    ciName: p.reporting_job_id,
    success: false,
    inProgress: true,
    user: ctx.user,
    timestamp: ctx.now,
  });
  return { status: 201, body: testedRepoJson(repo, vote) };
}

/** POST /api/report_result: a vote on a SUCCESS repo (commit_hash + distro_hash) or on an aggregate_hash. */
export function reportResult(ctx: ApiContext): ApiReply {
  const p = parseParams(reportResultParams, paramsOf(ctx));
  const repo = p.aggregate_hash === undefined ? ctx.queries.successRepo(p.commit_hash!, p.distro_hash!, p.extended_hash) : undefined;
  if (p.aggregate_hash === undefined && !repo) throw new ApiError(400, 'commit_hash+distro_hash+extended_hash combination not found');
  if (p.aggregate_hash !== undefined && !ctx.queries.aggregateKnown(p.aggregate_hash)) throw new ApiError(400, 'aggregate_hash not found');
  const success = p.success === true;
  recordVote(ctx.engine, {
    commitHash: repo?.commit_hash,
    distroHash: repo?.distro_hash,
    extendedHash: repo?.extended_hash ?? null,
    aggregateHash: p.aggregate_hash,
    ciName: p.job_id,
    success,
    url: p.url,
    notes: p.notes,
    user: ctx.user,
    timestamp: p.timestamp * 1000,
  });
  return {
    status: 201,
    body: {
      commit_hash: repo?.commit_hash ?? null,
      distro_hash: repo?.distro_hash ?? null,
      extended_hash: repo?.extended_hash ?? null,
      aggregate_hash: p.aggregate_hash ?? null,
      timestamp: p.timestamp,
      job_id: p.job_id,
      success,
      in_progress: false,
      url: p.url,
      notes: p.notes,
      user: ctx.user,
      component: repo?.component ?? null,
    },
  };
}

function promotedJson(ctx: ApiContext, r: PromoteResult) {
  const row = { ...r.promotion, component: ctx.queries.componentOf(r.promotion.repo_path) };
  return {
    ...promotionJson(row, ctx.engine.config.trunk.baseurl),
    repo_hash: r.repoHash,
    repo_url: r.repoUrl,
    timestamp: seconds(r.promotion.timestamp),
    aggregate_hash: r.aggregateHash,
  };
}

/** POST /api/promote: moves a label (re-promoting the hash it holds is allowed, as in DLRN). */
export function promote(ctx: ApiContext): ApiReply {
  const p = parseParams(promoteParams, paramsOf(ctx));
  const result = promoteRepo(ctx.engine, {
    commitHash: p.commit_hash,
    distroHash: p.distro_hash,
    extendedHash: p.extended_hash,
    label: p.promote_name,
    actor: ctx.user,
    allowIncumbent: true,
  });
  return { status: 201, body: promotedJson(ctx, result) };
}

/** POST /api/promote-batch: every promotion is checked before any label moves; answers with the last one. */
export function promoteBatch(ctx: ApiContext): ApiReply {
  const list = parseParams(promoteBatchParams, ctx.body);
  const results = promoteRepos(
    ctx.engine,
    list.map((p) => ({
      commitHash: p.commit_hash,
      distroHash: p.distro_hash,
      extendedHash: p.extended_hash,
      label: p.promote_name,
      actor: ctx.user,
      allowIncumbent: true,
    })),
  );
  return { status: 201, body: promotedJson(ctx, results.at(-1)!) };
}

/** POST /api/recheck_package: re-queues a package whose last build FAILED (through the audited command). */
export async function recheckPackage(ctx: ApiContext): Promise<ApiReply> {
  const p = parseParams(recheckPackageParams, paramsOf(ctx));
  const result = await ctx.engine.dispatch({ name: 'trunk.recheck', args: { package: p.package_name } }, { name: ctx.user, role: 'operator' });
  if (result.ok) return { status: 201, body: { result: 'ok' } };
  const kind = result.error?.kind ?? 'internal';
  // DLRN answers 400 for a package it has no commits of, 409 when the last build cannot be rechecked.
  if (kind === 'bad-request' || kind === 'not-found') throw new ApiError(400, `There are no existing commits for package ${p.package_name}: ${result.message}`);
  throw new EngineError(kind, result.message);
}

/** POST /api/remote/import: DLRN's commit import from another DLRN-style repo (`repo_url` of a hashed repo). */
export async function remoteImport(ctx: ApiContext): Promise<ApiReply> {
  const p = parseParams(remoteImportParams, ctx.body);
  const { commit, path } = await trunkOf(ctx.engine).trunk.importRemote(p.repo_url);
  return {
    status: 201,
    body: { repo_url: p.repo_url, commit_hash: commit.commit_hash, distro_hash: commit.distro_hash, extended_hash: commit.extended_hash, repo_path: path },
  };
}
