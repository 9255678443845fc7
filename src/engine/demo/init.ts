import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Config } from '../config/load.js';
import { git } from '../git.js';
import { runTool } from '../run-tool.js';
import { demoPackageFor } from './catalog.js';
import { initialDistgitHistory } from './distgit-files.js';
import { fastImportStream, type Person, type StreamCommit } from './fast-import.js';
import { demoPackages, demoRoot, isUnder, statePath } from './paths.js';
import { PACKAGER_PERSON, developer } from './people.js';
import { ensureDemoSigningKey } from './signing-key.js';
import { writeState } from './state.js';
import { initialUpstreamHistory, type HistoryCommit } from './upstream-files.js';

interface RepoPlan {
  path: string;
  branch: string;
  commits: StreamCommit[];
}

const COMMIT_SPACING_S = 180;
const PARALLEL = 8;

/**
 * Creates the demo upstream and distgit repositories of every configured package that lives under
 * `<dataDir>/demo/`, with a short history in the recent past. Existing repositories are left alone.
 * Returns repository paths, and whether it generated the (throwaway) release signing key of releases.yml.
 */
export async function demoInit(config: Config): Promise<{ created: string[]; existing: string[]; signingKey: 'generated' | 'existing' | null }> {
  const root = demoRoot(config);
  const plans = planRepos(config, Math.floor(Date.now() / 1000));
  const created: string[] = [];
  const existing: string[] = [];
  await inParallel(plans, PARALLEL, async (plan) => {
    if (!isUnder(root, plan.path)) return;
    if (existsSync(join(plan.path, '.git'))) {
      existing.push(plan.path);
      return;
    }
    await createRepo(plan);
    created.push(plan.path);
  });
  if (!existsSync(statePath(config))) writeState(config, { step: 0 });
  const order = (paths: string[]) => plans.map((p) => p.path).filter((p) => paths.includes(p));
  const signingKey = await ensureDemoSigningKey(config);
  return { created: order(created), existing: order(existing), signingKey };
}

/** Every repository to create, commit times strictly increasing across all of them and ending about now. */
function planRepos(config: Config, now: number): RepoPlan[] {
  const pkgs = demoPackages(config);
  const available = new Set(pkgs.map((p) => p.name));
  const plans = new Map<string, { branch: string; history: HistoryCommit[]; author: (i: number) => Person }>();
  pkgs.forEach((pkg, n) => {
    const entry = demoPackageFor(pkg.name, pkg.project, pkg.component);
    if (!plans.has(pkg.upstream)) {
      plans.set(pkg.upstream, { branch: pkg.upstreamBranch, history: initialUpstreamHistory(entry), author: (i) => developer(n + i) });
    }
    if (!plans.has(pkg.distgit)) {
      plans.set(pkg.distgit, { branch: pkg.distgitBranch, history: initialDistgitHistory(entry, available), author: () => PACKAGER_PERSON });
    }
  });
  const total = [...plans.values()].reduce((sum, p) => sum + p.history.length, 0);
  let time = now - (total + 1) * COMMIT_SPACING_S;
  return [...plans].map(([path, plan]) => ({
    path,
    branch: plan.branch,
    commits: plan.history.map((c, i) => ({ ...c, author: plan.author(i), time: (time += COMMIT_SPACING_S) })),
  }));
}

/** Builds the repository next to its final path, then renames it into place (no half-made repository). */
async function createRepo(plan: RepoPlan): Promise<void> {
  if (existsSync(plan.path)) {
    if (readdirSync(plan.path).length > 0) throw new Error(`${plan.path} exists and is not a git repository; move it away and run demo init again`);
    rmSync(plan.path, { recursive: true });
  }
  const parent = dirname(plan.path);
  const tmp = join(parent, `.${basename(plan.path)}.tmp-${process.pid}`);
  mkdirSync(parent, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  try {
    await git(parent, ['init', '--quiet', '--initial-branch', plan.branch, tmp]);
    await runTool('git', ['fast-import', '--quiet'], { cwd: tmp, input: fastImportStream(plan.branch, plan.commits), check: true, timeoutMs: 60_000 });
    await git(tmp, ['reset', '--quiet', '--hard']);
    renameSync(tmp, plan.path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
