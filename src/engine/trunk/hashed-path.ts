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

/** With components on: `component/<name>/ab/cd/<commit>_<distro8>[_<extended8>]`. */
export function componentRepoPath(component: string, commitHash: string, distroHash: string, extendedHash?: string | null): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(component) || component.includes('..')) throw new Error(`not a component name: ${JSON.stringify(component)}`);
  return `component/${component}/${hashedRepoPath(commitHash, distroHash, extendedHash)}`;
}
