import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildDriver, BuildOutcome } from './driver.js';
import type { PackageSources } from './sources.js';
import type { CommitRow } from '../../store/db/trunk-rows.js';
import { rewriteSpec, trunkRelease, versionFromTag, type ReleaseNumbering } from './version.js';

export interface PreparedBuild extends BuildOutcome {
  version: string | null;
  release: string | null;
  nvr: string | null;
}

export interface BuildSettings {
  numbering: ReleaseNumbering;
  dist: string;
  timeoutMs: number;
}

/** Turns one commit into RPMs: tarball from `git archive`, spec from distgit, Version and Release set, driver run. */
export async function buildCommit(
  commit: CommitRow,
  sources: PackageSources,
  driver: BuildDriver,
  workDir: string,
  logFile: string,
  settings: BuildSettings,
  onPrepared: (p: { version: string; release: string; nvr: string }) => void,
): Promise<PreparedBuild> {
  mkdirSync(workDir, { recursive: true });
  const log = (line: string) => appendFileSync(logFile, `${line}\n`);
  log(`# ${commit.package} ${commit.commit_hash} (distgit ${commit.distro_hash}) with ${driver.name}`);
  try {
    const version = versionFromTag(await sources.upstreamTag(commit.commit_hash));
    // The build time, as DLRN numbers it: a forced rebuild of the same commits gets a newer NVR that dnf picks up.
    const release = trunkRelease(settings.numbering, new Date(), commit.commit_hash);
    const nvr = `${commit.package}-${version}-${release}${settings.dist}`;
    onPrepared({ version, release, nvr });
    log(`# version ${version} release ${release}`);
    const tarball = join(workDir, `${commit.package}-${version}.tar.gz`);
    await sources.archive(commit.commit_hash, `${commit.package}-${version}`, tarball);
    const spec = await sources.spec(commit.distro_hash);
    const specFile = join(workDir, `${commit.package}.spec`);
    writeFileSync(specFile, rewriteSpec(spec.text, version, release));
    const outcome = await driver.build({ package: commit.package, specFile, tarball, workDir, logFile, dist: settings.dist, timeoutMs: settings.timeoutMs });
    return { ...outcome, version, release, nvr };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`ERROR: ${message}`);
    return { ok: false, rpms: [], error: message, version: null, release: null, nvr: null };
  }
}
