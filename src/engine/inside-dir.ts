import { isAbsolute, relative, resolve } from 'node:path';

/** True when `child` (resolved) lies strictly inside `parent`: a name from config can never climb out. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** `child` resolved, or an Error naming both paths when it would leave `parent`. */
export function insideOrThrow(parent: string, child: string): string {
  if (!isInside(parent, child)) throw new Error(`refusing path ${resolve(child)}: it is not inside ${resolve(parent)}`);
  return resolve(child);
}
