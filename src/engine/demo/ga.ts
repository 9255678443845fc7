import { existsSync, readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, PackageConfig } from '../config/load.js';
import { EngineError } from '../errors.js';
import { git } from '../git.js';
import { demoPackageFor } from './catalog.js';
import { demoPackages, demoRoot } from './paths.js';
import { developer } from './people.js';
import { repairScript, scriptPath } from './upstream-files.js';

/** `<data>/demo/ga.json`: the final tags `demo ga` holds back, and when each is due. */
interface GaState {
  release: string;
  pending: { package: string; upstream: string; tag: string; commit: string; due: number }[];
}

export interface DemoGaResult {
  release: string;
  tagged: { package: string; tag: string }[];
  late: { package: string; tag: string; rc: string; due: number }[];
}

const gaFile = (config: Config) => join(demoRoot(config), 'ga.json');

/**
 * The release a demo GA is for (default: the one in development, else the first), refused before anything is
 * written: an unknown release, one without demo packages, or one whose previous demo GA still has late tags due.
 */
export function demoGaRelease(config: Config, wanted?: string): string {
  if (demoPackages(config).length === 0) throw new EngineError('conflict', `a demo GA runs on the demo config only; ${config.configDir} has no demo packages`);
  const release = wanted ?? config.releases.find((r) => r.status === 'development')?.name ?? config.releases[0]?.name;
  if (!release || !config.releases.some((r) => r.name === release))
    throw new EngineError('bad-request', `unknown release ${JSON.stringify(release)}; releases: ${config.releases.map((r) => r.name).join(', ')}`);
  const prior = readGa(config);
  if (prior && prior.pending.length)
    throw new EngineError(
      'conflict',
      `a demo GA of ${prior.release} still has late tags pending (${prior.pending.map((p) => p.tag).join(', ')}); wait for them`,
    );
  if (!demoPackages(config).some((p) => p.tags.includes(release)))
    throw new EngineError('conflict', `no demo package is tagged for release ${release} in rdoinfo.yml`);
  return release;
}

/** `9.1.0` → `9.2.0`; a version without three numbers gets `.1` added. */
export function nextVersion(tag: string | null): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?/.exec(tag ?? '');
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : '0.1.0';
}

/**
 * Simulates an upstream GA: each demo package of the release gets a release commit (its requirements.txt) tagged
 * with the next version; `late` of them get only an rc tag now and their final tag `lateMinutes` later (created by
 * the engine's `releases.demo-ga` loop, or by `createDueLateTags`).
 */
export async function demoGa(config: Config, options: { release?: string; late?: number; lateMinutes?: number } = {}): Promise<DemoGaResult> {
  const release = demoGaRelease(config, options.release);
  const pkgs = demoPackages(config).filter((p) => p.tags.includes(release));
  const late = new Set(pkgs.slice(-Math.min(options.late ?? 2, Math.max(pkgs.length - 1, 0))).map((p) => p.name));
  const due = Date.now() + (options.lateMinutes ?? 3) * 60_000;
  const projects = new Map(config.packages.map((p) => [p.name, p.project]));
  const result: DemoGaResult = { release, tagged: [], late: [] };
  const pending: GaState['pending'] = [];
  for (const [i, pkg] of pkgs.entries()) {
    const version = nextVersion(await newestTag(pkg));
    const commit = await releaseCommit(pkg, version, projects, i);
    if (late.has(pkg.name)) {
      const rc = `${version}.0rc1`;
      await tagAt(pkg, rc, commit);
      pending.push({ package: pkg.name, upstream: pkg.upstream, tag: version, commit, due });
      result.late.push({ package: pkg.name, tag: version, rc, due });
    } else {
      await tagAt(pkg, version, commit);
      result.tagged.push({ package: pkg.name, tag: version });
    }
  }
  writeGa(config, { release, pending });
  return result;
}

/** Creates the held-back final tags that are due; returns them. */
export async function createDueLateTags(config: Config, now = Date.now()): Promise<{ package: string; tag: string }[]> {
  const state = readGa(config);
  if (!state || state.pending.length === 0) return [];
  const due = state.pending.filter((p) => p.due <= now);
  if (due.length === 0) return [];
  for (const p of due) await git(p.upstream, ['tag', '-a', '-m', `Release ${p.tag}`, p.tag, p.commit], { keepOnStop: true });
  writeGa(config, { ...state, pending: state.pending.filter((p) => p.due > now) });
  return due.map((p) => ({ package: p.package, tag: p.tag }));
}

async function newestTag(pkg: PackageConfig): Promise<string | null> {
  const out = await git(pkg.upstream, ['tag', '--merged', pkg.upstreamBranch, '--sort=-v:refname']);
  return out.split('\n').find((t) => /^v?\d/.test(t) && !/rc\d*$/.test(t)) ?? null;
}

async function releaseCommit(pkg: PackageConfig, version: string, projects: Map<string, string>, i: number): Promise<string> {
  const entry = demoPackageFor(pkg.name, pkg.project, pkg.component);
  const reqs = entry.requires.filter((r) => projects.has(r.name)).map((r) => `${projects.get(r.name)}${r.minVersion ? `>=${r.minVersion}` : ''}\n`);
  writeFileSync(join(pkg.upstream, 'requirements.txt'), `# Requirements of ${pkg.project} ${version}\n${reqs.join('')}`);
  // Upstream does not release a broken tree: a breaking commit the scripted activity left in is fixed by the release.
  const script = join(pkg.upstream, scriptPath(entry));
  const files = ['requirements.txt'];
  if (existsSync(script)) {
    const text = readFileSync(script, 'utf8');
    const repaired = repairScript(text);
    if (repaired !== text) {
      writeFileSync(script, repaired);
      files.push(scriptPath(entry));
    }
  }
  const who = developer(i);
  const date = `@${Math.floor(Date.now() / 1000)} +0000`;
  const env = {
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
    GIT_COMMITTER_DATE: date,
  };
  await git(pkg.upstream, ['add', '--', ...files], { keepOnStop: true });
  await git(pkg.upstream, ['commit', '--quiet', '--allow-empty', '--no-verify', '--no-gpg-sign', '-m', `Release ${version}`], { env, keepOnStop: true });
  return (await git(pkg.upstream, ['rev-parse', 'HEAD'])).trim();
}

async function tagAt(pkg: PackageConfig, tag: string, commit: string): Promise<void> {
  await git(pkg.upstream, ['tag', '-a', '-m', `Release ${tag}`, tag, commit], { keepOnStop: true });
}

function readGa(config: Config): GaState | null {
  const file = gaFile(config);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GaState) : null;
}

function writeGa(config: Config, state: GaState): void {
  const file = gaFile(config);
  mkdirSync(demoRoot(config), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
