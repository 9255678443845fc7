import type { PipelineStore, RepoRef } from '../../store/db/pipeline-store.js';
import { EngineError } from '../errors.js';

/**
 * A repo hash as operators type it: a hashed repo's last path segment (`<commit>_<distro8>[_<ext8>]`) or a full
 * commit hash. Throws EngineError (bad-input, not-found) with a message that says what was tried.
 */
export function resolveRepoHash(store: PipelineStore, hash: string): RepoRef {
  const text = hash.trim();
  const m = /^([0-9a-f]{4,64})_([0-9a-f]{8})(?:_([0-9a-f]{8}))?$/.exec(text);
  if (m && m[1]!.length === 40) {
    const path = `${m[1]!.slice(0, 2)}/${m[1]!.slice(2, 4)}/${text}`;
    const repo = store.repoByPath(path);
    if (!repo) throw new EngineError('not-found', `no hashed repo ${text} (looked for repos/${path})`);
    return repo;
  }
  if (m) {
    // A short repo hash as the console shows it: <commit8>_<distro8>.
    const leafEnd = text.slice(m[1]!.length);
    const repos = store.reposOfCommit(m[1]!).filter((r) => r.path.endsWith(leafEnd));
    const distinct = [...new Set(repos.map((r) => r.path))];
    if (distinct.length === 0) throw new EngineError('not-found', `no hashed repo matches ${text}`);
    if (distinct.length > 1) throw new EngineError('bad-request', `${text} matches ${distinct.length} repos; give more of the commit hash`);
    return repos[0]!;
  }
  if (!/^[0-9a-f]{7,64}$/.test(text))
    throw new EngineError('bad-request', `${JSON.stringify(hash)} is neither a repo hash (<commit>_<distro8>) nor a commit hash`);
  const repos = store.reposOfCommit(text);
  if (repos.length === 0) throw new EngineError('not-found', `no hashed repo for commit ${text}`);
  const distinct = new Set(repos.map((r) => r.path));
  if (distinct.size > 1)
    throw new EngineError(
      'bad-request',
      `commit ${text} has ${distinct.size} repos (${[...distinct].map((p) => p.slice(p.lastIndexOf('/') + 1)).join(', ')}); give the repo hash`,
    );
  return repos[0]!;
}

/** The repo a commit + distro hash (+ extended hash) names, as the API gives them. */
export function findRepo(store: PipelineStore, commitHash: string, distroHash: string, extendedHash?: string | null): RepoRef {
  const repos = store.reposOf(commitHash, distroHash).filter((r) => extendedHash == null || r.extended_hash === extendedHash);
  if (repos.length === 0) throw new EngineError('not-found', `no repo for commit_hash ${commitHash} and distro_hash ${distroHash}`);
  return repos[0]!;
}
