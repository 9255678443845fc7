import type { DemoPackage } from './catalog.js';
import { INITIAL_CHANGELOG, SECOND_CHANGELOG, renderSpec } from './spec.js';
import type { HistoryCommit } from './upstream-files.js';

/** The distgit commits `demo init` writes: the spec, and a second revision for packages with dependencies. */
export function initialDistgitHistory(pkg: DemoPackage, available: ReadonlySet<string>): HistoryCommit[] {
  const file = `${pkg.name}.spec`;
  const first: HistoryCommit = {
    message: `Initial packaging of ${pkg.name}`,
    files: { [file]: { content: renderSpec({ ...pkg, requires: [], buildRequires: [] }, { available, changelog: [INITIAL_CHANGELOG] }) } },
    tags: [],
  };
  if (pkg.requires.length === 0 && pkg.buildRequires.length === 0) return [first];
  const second: HistoryCommit = {
    message: 'Sync requirements with upstream',
    files: { [file]: { content: renderSpec(pkg, { available, changelog: [INITIAL_CHANGELOG, SECOND_CHANGELOG] }) } },
    tags: [],
  };
  return [first, second];
}
