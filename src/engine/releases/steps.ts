import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeRow, TaggedBuildRow } from '../../store/db/releases-store.js';
import { EngineError } from '../errors.js';
import { runTool } from '../run-tool.js';
import { composeDir, composeRepo, repoclosure, rpmsIn } from './compose.js';
import { publishRelease } from './publish.js';
import type { ReleasesRuntime } from './runtime.js';
import { badSignatures, publicKey, signRpms } from './signing.js';
import { tagName } from './tag-names.js';
import { newestPerPackage } from './vercmp.js';

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

/** The builds a compose of this tag holds now: the newest NVR of each package. */
export function tagContent(rt: ReleasesRuntime, tag: string): TaggedBuildRow[] {
  return newestPerPackage(rt.store.tagged(tag));
}

const idsOf = (builds: readonly { id: number }[]) => JSON.stringify(builds.map((b) => b.id).sort((a, b) => a - b));

/** Composes a trimmed repo from a tag with createrepo_c and runs repoclosure on it. */
export async function composeRelease(rt: ReleasesRuntime, release: string, tag: string, kind: ComposeRow['kind'] = 'gate'): Promise<ComposeRow> {
  rt.release(release);
  const parsed = rt.parse(tag);
  if (parsed.release !== release) throw new EngineError('bad-request', `tag ${tag} is not a tag of release ${release}`);
  const builds = tagContent(rt, tag);
  if (builds.length === 0) throw new EngineError('conflict', `${tag} holds no build: nothing to compose`);
  const rpms = builds.flatMap((b) => rpmsIn(b.dir!));
  const dir = composeDir(rt.engine.paths.dataDir, release, `${kind}-${stamp()}-${process.pid}-${Date.now() % 100000}`);
  const logFile = join(rt.engine.paths.logsDir, 'releases', release, `${kind}-compose.log`);
  mkdirSync(join(logFile, '..'), { recursive: true });
  await composeRepo(dir, rpms, { copy: kind === 'signed', logFile });
  const closure = await repoclosure(dir, join(rt.engine.paths.tmpDir, 'releases', 'dnf-cache', release), logFile);
  const row = rt.store.addCompose({
    release,
    tag,
    kind,
    dir,
    build_ids: idsOf(builds),
    closure: closure.pass ? 'pass' : 'fail',
    unresolved: JSON.stringify(closure.unresolved),
    signed_key: null,
    created_at: Date.now(),
  });
  rt.engine.events.append('release.composed', {
    release,
    tag,
    composeId: row.id,
    kind,
    closure: row.closure,
    packages: builds.length,
    unresolved: closure.unresolved,
  });
  return row;
}

export interface GateState {
  state: 'pass' | 'fail' | 'pending' | 'unknown';
  compose: ComposeRow | null;
  jobs: { job: string; state: 'success' | 'failure' | 'running' | 'not run'; error: string | null; logPath: string | null }[];
}

/** The gate of a release's newest compose: every configured job's newest run there. */
export function gateState(rt: ReleasesRuntime, release: string): GateState {
  const compose = rt.store.latestCompose(release, 'gate') ?? null;
  const configured = rt.engine.config.pipeline.releaseGates[release] ?? [];
  if (!compose) return { state: 'unknown', compose: null, jobs: configured.map((job) => ({ job, state: 'not run', error: null, logPath: null })) };
  const runs = new Map(rt.store.gateRuns(compose.id).map((r) => [r.job, r]));
  const jobs = configured.map((job) => {
    const r = runs.get(job);
    return { job, state: r?.state ?? ('not run' as const), error: r?.error ?? null, logPath: r?.log_path ?? null };
  });
  const state =
    configured.length === 0 || jobs.every((j) => j.state === 'not run')
      ? 'unknown'
      : jobs.some((j) => j.state === 'failure')
        ? 'fail'
        : jobs.some((j) => j.state !== 'success')
          ? 'pending'
          : 'pass';
  return { state, compose, jobs };
}

/** Runs the release's gate jobs (pipeline.yml releases.<r>.gate) on its newest compose; each run is a vote. */
export async function gateRelease(rt: ReleasesRuntime, release: string): Promise<GateState> {
  rt.release(release);
  const jobs = rt.engine.config.pipeline.releaseGates[release] ?? [];
  if (jobs.length === 0) throw new EngineError('conflict', `pipeline.yml gives release ${release} no gate jobs (releases: ${release}: gate: [...])`);
  const compose = rt.store.latestCompose(release, 'gate');
  if (!compose) throw new EngineError('conflict', `release ${release} has no compose yet: run release.compose first`);
  const baseurl = rt.engine.config.trunk.baseurl.replace(/\/$/, '');
  for (const name of jobs) {
    const job = rt.engine.config.pipeline.jobs.find((j) => j.name === name)!;
    const ws = join(rt.engine.paths.tmpDir, 'releases', 'gate', `${compose.id}-${name}`);
    rmSync(ws, { recursive: true, force: true });
    mkdirSync(ws, { recursive: true });
    const logPath = join(rt.engine.paths.logsDir, 'releases', release, `gate-${compose.id}-${name}.log`);
    mkdirSync(join(logPath, '..'), { recursive: true });
    const id = rt.store.startGateRun(compose.id, name, logPath);
    let ok = false;
    let error: string | null = null;
    let exitCode: number | null = null;
    if (job.external) error = `${name} is an external job: a release gate runs engine jobs only`;
    else {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: ws,
        REPO_PATH: compose.dir,
        REPO_URL: `${baseurl}/releases/${release}`,
        COMMIT_HASH: '',
        DISTRO_HASH: '',
        EXTENDED_HASH: '',
        JOB_NAME: name,
        NODE_WORKSPACE: ws,
      };
      const argv = job.argv.map((a) => a.replace(/\$\{([A-Z_]+)\}/g, (_, n: string) => env[n] ?? ''));
      const r = await runTool(argv[0]!, argv.slice(1), { cwd: ws, env, timeoutMs: job.timeoutSec * 1000, logFile: logPath });
      exitCode = r.exitCode;
      ok = r.exitCode === 0 && !r.timedOut;
      if (!ok) error = r.timedOut ? `timed out after ${job.timeoutSec}s` : `exited ${r.exitCode}`;
    }
    rt.store.finishGateRun(id, ok, exitCode, error);
    rt.engine.events.append('release.gated', { release, composeId: compose.id, job: name, ok, error });
    rmSync(ws, { recursive: true, force: true });
  }
  return gateState(rt, release);
}

export interface MassTagOutcome {
  from: string;
  to: string;
  nvrs: string[];
  forced: boolean;
  failingJobs: string[];
  unresolved: string[];
}

/**
 * Tags every build of FROM (newest per package) into TO in one transaction, only when the newest compose holds
 * exactly FROM's builds, its closure passed and every gate job passed; `force` (with a reason, audited) overrides.
 */
export function massTag(rt: ReleasesRuntime, from: string, to: string, actor: string, force: boolean, reason: string | undefined): MassTagOutcome {
  const f = rt.parse(from);
  const t = rt.parse(to);
  if (f.release !== t.release)
    throw new EngineError('bad-request', `${from} and ${to} are tags of different releases: a build can only be tagged into its own release`);
  if (from === to) throw new EngineError('bad-request', 'from and to are the same tag');
  if (force && !reason?.trim()) throw new EngineError('bad-request', 'reason: --force needs a reason (it is audited)');
  const builds = tagContent(rt, from);
  if (builds.length === 0) throw new EngineError('conflict', `${from} holds no build: nothing to mass-tag`);
  const gate = gateState(rt, f.release);
  const problems: string[] = [];
  const failingJobs = gate.jobs.filter((j) => j.state !== 'success').map((j) => `${j.job} (${j.state}${j.error ? `: ${j.error}` : ''})`);
  const unresolved: string[] = gate.compose ? (JSON.parse(gate.compose.unresolved) as string[]) : [];
  if (!gate.compose) problems.push(`release ${f.release} has no compose: run release.compose`);
  else {
    if (gate.compose.tag !== from || gate.compose.build_ids !== idsOf(builds))
      problems.push(`the newest compose (#${gate.compose.id}, of ${gate.compose.tag}) does not hold ${from}'s builds now: compose and gate again`);
    if (gate.compose.closure !== 'pass') problems.push(`repoclosure failed: ${unresolved.join('; ')}`);
  }
  if ((rt.engine.config.pipeline.releaseGates[f.release] ?? []).length === 0) problems.push(`pipeline.yml gives release ${f.release} no gate jobs`);
  if (failingJobs.length) problems.push(`gate jobs not green: ${failingJobs.join(', ')}`);
  if (problems.length && !force) throw new EngineError('conflict', `mass-tag ${from} → ${to} refused, nothing changed: ${problems.join('; ')}`);
  const nvrs = rt.tag(to, builds, actor, force && problems.length ? `forced: ${reason}` : (reason ?? null));
  const outcome = { from, to, nvrs, forced: force && problems.length > 0, failingJobs, unresolved };
  rt.engine.events.append('release.mass-tagged', { ...outcome, reason: reason ?? null }, actor);
  return outcome;
}

/** Composes -release into a new repo, signs every RPM with the configured key and checks each signature. */
export async function signRelease(rt: ReleasesRuntime, release: string): Promise<ComposeRow> {
  rt.release(release);
  const scratch = join(rt.engine.paths.tmpDir, 'releases', `keycheck-${release}`);
  mkdirSync(scratch, { recursive: true });
  const key = await publicKey(rt.engine.config.signing, scratch);
  const compose = await composeRelease(rt, release, tagName(release, 'release'), 'signed');
  try {
    if (compose.closure !== 'pass')
      throw new EngineError('conflict', `repoclosure of ${tagName(release, 'release')} failed: ${(JSON.parse(compose.unresolved) as string[]).join('; ')}`);
    const rpms = rpmsIn(compose.dir);
    const logFile = join(rt.engine.paths.logsDir, 'releases', release, 'sign.log');
    await signRpms(rt.engine.config.signing!, rpms, scratch, logFile);
    const bad = await badSignatures(key, rpms, join(scratch, 'verify'));
    if (bad.length) throw new EngineError('unavailable', `signatures do not verify with ${rt.engine.config.signing!.key}: ${bad.slice(0, 3).join('; ')}`);
    await runTool('createrepo_c', ['--quiet', '--no-database', '--update', compose.dir], { cwd: compose.dir, check: true, timeoutMs: 600_000, logFile });
  } catch (err) {
    rmSync(compose.dir, { recursive: true, force: true });
    throw err;
  }
  rt.store.setSigned(compose.id, rt.engine.config.signing!.key);
  rt.engine.events.append('release.signed', { release, composeId: compose.id, key: rt.engine.config.signing!.key, rpms: rpmsIn(compose.dir).length });
  return rt.store.compose(compose.id)!;
}

/** Publishes the newest signed compose at repos/releases/<release>/, after checking its signatures again. */
export async function publish(rt: ReleasesRuntime, release: string): Promise<{ compose: ComposeRow; path: string }> {
  rt.release(release);
  const signed = rt.store.latestCompose(release, 'signed');
  if (!signed?.signed_key || !existsSync(signed.dir)) throw new EngineError('conflict', `release ${release} has no signed compose: run release.sign first`);
  const current = tagContent(rt, tagName(release, 'release'));
  if (signed.build_ids !== idsOf(current))
    throw new EngineError('conflict', `${tagName(release, 'release')} changed since it was signed (compose #${signed.id}): sign again`);
  const scratch = join(rt.engine.paths.tmpDir, 'releases', `publish-${release}`);
  mkdirSync(scratch, { recursive: true });
  const key = await publicKey(rt.engine.config.signing, scratch);
  const bad = await badSignatures(key, rpmsIn(signed.dir), join(scratch, 'verify'));
  if (bad.length)
    throw new EngineError('unavailable', `nothing published: signatures do not verify with ${rt.engine.config.signing!.key}: ${bad.slice(0, 3).join('; ')}`);
  const path = publishRelease(rt.engine.paths.reposDir, release, signed.id, signed.dir, key, rt.engine.config.trunk.baseurl);
  rt.store.markPublished(signed.id);
  rt.engine.events.append('release.published', { release, composeId: signed.id, path });
  return { compose: rt.store.compose(signed.id)!, path };
}
