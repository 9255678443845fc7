/** Relative path of a hashed repo under repos/: `ab/cd/<commit>_<distro8>[_<extended8>]`. */
export function hashedRepoPath(commitHash: string, distroHash: string, extendedHash?: string | null): string {
  if (!/^[0-9a-f]{4,}$/.test(commitHash)) throw new Error(`not a commit hash: ${JSON.stringify(commitHash)}`);
  if (!/^[0-9a-f]{8,}$/.test(distroHash)) throw new Error(`not a distro hash: ${JSON.stringify(distroHash)}`);
  const ext = extendedHash ? `_${extendedHash.slice(0, 8)}` : '';
  return `${commitHash.slice(0, 2)}/${commitHash.slice(2, 4)}/${commitHash}_${distroHash.slice(0, 8)}${ext}`;
}

/** The hash of a hashed repo as the API names it (md5 of the pair in DLRN; here the path's last segment). */
export function repoHashOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
