import { isAbsolute, join, relative } from 'node:path';
import type { Config, PackageConfig } from '../config/load.js';

/** `<dataDir>/demo`: where `demo init` creates repositories and keeps its state. */
export const demoRoot = (config: Config) => join(config.dataDir, 'demo');
export const statePath = (config: Config) => join(demoRoot(config), 'state.json');
/** Marker files of flaky commits (their `ci/prebuild` fails until its marker exists). */
export const markerDir = (config: Config) => join(demoRoot(config), 'state');

export function isUnder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Configured packages whose upstream lives in the demo directory, in config order. */
export function demoPackages(config: Config): PackageConfig[] {
  const root = demoRoot(config);
  return config.packages.filter((p) => isUnder(root, p.upstream));
}
