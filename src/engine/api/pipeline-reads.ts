import type { Engine } from '../engine.js';
import { diffRepos, explainCandidate, pipelineSnapshot, resolveRepoHash } from '../ci/pipeline-api.js';
import type { Explanation, PipelineSnapshot, RepoDiff } from './engine-client.js';

/** The pipeline part of a console snapshot; null when pipeline.yml configures nothing. */
export function readPipeline(engine: Engine): PipelineSnapshot | null {
  const { pool, jobs, promotions } = engine.pipeline.config;
  return pool === null && jobs.length === 0 && promotions.length === 0 ? null : pipelineSnapshot(engine);
}

/** Why a repo hash, as operators type it, is or is not promotable to a label. Throws PipelineError. */
export function explainHash(engine: Engine, hash: string, label: string): Explanation {
  const repo = resolveRepoHash(engine.pipeline.store, hash);
  return explainCandidate(engine, { commitHash: repo.commit_hash, distroHash: repo.distro_hash, extendedHash: repo.extended_hash, label });
}

/** The packages and versions that change from one repo hash to another. Throws PipelineError. */
export function diffHashes(engine: Engine, fromHash: string, toHash: string): RepoDiff {
  const { store } = engine.pipeline;
  return diffRepos(engine, resolveRepoHash(store, fromHash).path, resolveRepoHash(store, toHash).path);
}
