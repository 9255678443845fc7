import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config, PackageConfig } from '../config/load.js';
import { git } from '../git.js';
import { demoPackageFor } from './catalog.js';
import { demoPackages, demoRoot, markerDir } from './paths.js';
import { developer } from './people.js';
import { scriptedAction } from './sequence.js';
import { readState, writeState } from './state.js';
import { CHANGELOG, planCommit, scriptPath, type DemoCommitKind } from './upstream-files.js';

export interface DemoCommitResult {
  package: string;
  commitHash: string;
  kind: DemoCommitKind;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Adds one upstream commit: a normal one to `options.package`, or else the next step of the scripted
 * activity (see `scriptedAction`), whose position is kept in `<dataDir>/demo/state.json`.
 */
export function demoCommit(config: Config, options: { package?: string } = {}): Promise<DemoCommitResult> {
  const run = queue.then(() => commitOnce(config, options));
  queue = run.catch(() => undefined);
  return run;
}

async function commitOnce(config: Config, options: { package?: string }): Promise<DemoCommitResult> {
  const pkgs = demoPackages(config);
  if (options.package !== undefined) {
    const pkg = findDemoPackage(config, pkgs, options.package);
    return { package: pkg.name, kind: 'normal', commitHash: await commitTo(config, pkg, 'normal', 'manual') };
  }
  if (pkgs.length === 0) throw new Error(`no demo packages: no configured package has its upstream under ${demoRoot(config)}`);
  const state = readState(config);
  const action = scriptedAction(
    state.step,
    pkgs.map((p) => p.name),
  );
  const pkg = pkgs.find((p) => p.name === action.package)!;
  const commitHash = await commitTo(config, pkg, action.kind, String(state.step));
  writeState(config, { ...state, step: state.step + 1 });
  return { package: pkg.name, kind: action.kind, commitHash };
}

function findDemoPackage(config: Config, pkgs: PackageConfig[], name: string): PackageConfig {
  const names = pkgs.map((p) => p.name).join(', ');
  const pkg = config.packages.find((p) => p.name === name);
  if (!pkg) throw new Error(`unknown package "${name}"; demo packages are: ${names}`);
  if (!pkgs.includes(pkg)) {
    throw new Error(`package "${name}" is not a demo package: its upstream ${pkg.upstream} is outside ${demoRoot(config)}; demo packages are: ${names}`);
  }
  return pkg;
}

/** Writes the planned change into the upstream working tree and commits it; returns the commit hash. */
async function commitTo(config: Config, pkg: PackageConfig, kind: DemoCommitKind, stepLabel: string): Promise<string> {
  const dir = pkg.upstream;
  if (!existsSync(join(dir, '.git'))) throw new Error(`demo upstream of ${pkg.name} is missing (${dir}); run \`rdo-console demo init\` first`);
  const [last = '', decorations = ''] = (await git(dir, ['log', '-1', '--format=%ct%n%D', 'HEAD'])).split('\n');
  if (!decorations.split(', ').includes(`HEAD -> ${pkg.upstreamBranch}`)) {
    throw new Error(`demo upstream ${dir} does not have branch ${pkg.upstreamBranch} checked out`);
  }
  const time = Math.max(Math.floor(Date.now() / 1000), Number(last) + 1);
  const entry = demoPackageFor(pkg.name, pkg.project, pkg.component);
  const read = (path: string) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : '');
  const current = { script: read(scriptPath(entry)), changelog: read(CHANGELOG) };
  const marker = join(markerDir(config), `flaky-${pkg.name}-${stepLabel}-${time}`);
  const plan = planCommit(kind, entry, current, marker);
  if (kind === 'flaky') mkdirSync(markerDir(config), { recursive: true });
  for (const [path, file] of Object.entries(plan.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, file.content);
    chmodSync(full, file.executable ? 0o755 : 0o644);
  }
  const author = developer(current.changelog.length + time);
  const date = `@${time} +0000`;
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: date,
  };
  // A shutdown must not kill git halfway through a commit of the demo's upstream (it would leave index.lock).
  await git(dir, ['add', '--', ...Object.keys(plan.files)], { keepOnStop: true });
  await git(dir, ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', plan.message], { env, keepOnStop: true });
  return (await git(dir, ['rev-parse', 'HEAD'])).trim();
}
