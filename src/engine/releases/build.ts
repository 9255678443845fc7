import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BuildDriver } from '../trunk/driver.js';
import { rewriteSpec } from '../trunk/version.js';
import type { ReleaseSources } from './upstream.js';

export interface ReleaseBuildRequest {
  sources: ReleaseSources;
  tag: string;
  commit: string;
  distgitHash: string;
  version: string;
  /** `<n>` of the release `<n>.el9`. */
  buildN: number;
  dist: string;
  workDir: string;
  /** Where the RPMs go when the build succeeds (renamed into place, whole). */
  outDir: string;
  logFile: string;
  timeoutMs: number;
}

/** Builds an upstream release tag with the release distgit's spec: NVR `<name>-<version>-<n><dist>`. */
export async function buildReleaseTag(driver: BuildDriver, r: ReleaseBuildRequest): Promise<{ ok: true } | { ok: false; error: string }> {
  const name = r.sources.pkg.name;
  rmSync(r.workDir, { recursive: true, force: true });
  mkdirSync(r.workDir, { recursive: true });
  const log = (line: string) => appendFileSync(r.logFile, `${line}\n`);
  log(`# ${name} ${r.tag} (${r.commit.slice(0, 8)}), distgit ${r.sources.pkg.distgitBranch} at ${r.distgitHash.slice(0, 8)}, with ${driver.name}`);
  try {
    const tarball = join(r.workDir, `${name}-${r.version}.tar.gz`);
    await r.sources.archive(r.commit, `${name}-${r.version}`, tarball);
    const spec = await r.sources.spec(r.distgitHash);
    const specFile = join(r.workDir, `${name}.spec`);
    writeFileSync(specFile, rewriteSpec(spec.text, r.version, String(r.buildN)));
    const outcome = await driver.build({ package: name, specFile, tarball, workDir: r.workDir, logFile: r.logFile, dist: r.dist, timeoutMs: r.timeoutMs });
    if (!outcome.ok) return { ok: false, error: outcome.error ?? 'build failed' };
    const tmp = `${r.outDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const rpm of outcome.rpms) copyFileSync(rpm, join(tmp, basename(rpm)));
    rmSync(r.outDir, { recursive: true, force: true });
    renameSync(tmp, r.outDir);
    return { ok: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`ERROR: ${message}`);
    return { ok: false, error: message };
  } finally {
    rmSync(r.workDir, { recursive: true, force: true });
  }
}
