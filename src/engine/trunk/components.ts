/** Component links (`repos/component/<name>/<link>`), named by their path under repos/ as `component/<name>/<link>`. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listLinks, moveLink, readLink } from './links.js';

const COMPONENT_PATH = /^component\/([^/]+)\//;

/** The component a repo path is under, or null for a path outside repos/component/. */
export function componentOfPath(path: string): string | null {
  return COMPONENT_PATH.exec(path)?.[1] ?? null;
}

export function componentDir(reposDir: string, component: string): string {
  return join(reposDir, 'component', component);
}

/** Where `label` lives for a repo: the repo root, or its component's directory; paths stay relative to repos/. */
export interface LinkPlace {
  dir: string;
  prefix: string;
}

export function linkPlaceOf(reposDir: string, repoPath: string): LinkPlace {
  const component = componentOfPath(repoPath);
  return component === null ? { dir: reposDir, prefix: '' } : { dir: componentDir(reposDir, component), prefix: `component/${component}/` };
}

/** A link's target as a path under repos/, or null. */
export function readLinkAt(place: LinkPlace, name: string): string | null {
  const target = readLink(place.dir, name);
  return target === null ? null : `${place.prefix}${target}`;
}

/** Moves a link of `place` to `path` (under repos/, inside the place); returns the previous target under repos/. */
export function moveLinkAt(place: LinkPlace, name: string, path: string): string | null {
  if (!path.startsWith(place.prefix)) throw new Error(`${path} is not under ${place.prefix || 'the repo root'}`);
  const from = moveLink(place.dir, name, path.slice(place.prefix.length));
  return from === null ? null : `${place.prefix}${from}`;
}

/** Every component link, by `component/<name>/<link>`, with its target under repos/. */
export function listComponentLinks(reposDir: string): Map<string, string> {
  const all = new Map<string, string>();
  const root = join(reposDir, 'component');
  if (!existsSync(root)) return all;
  for (const c of readdirSync(root, { withFileTypes: true })) {
    if (!c.isDirectory()) continue;
    for (const [name, target] of listLinks(join(root, c.name))) all.set(`component/${c.name}/${name}`, `component/${c.name}/${target}`);
  }
  return all;
}
