import { mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from '../run-tool.js';
import type { BuildDriver, BuildOutcome, BuildRequest } from './driver.js';

/**
 * Builds with the host's rpmbuild in a private _topdir. BuildRequires are not installed by rpmbuild
 * (that is what a mock driver is for), so they are not checked (--nodeps).
 */
export class RpmbuildDriver implements BuildDriver {
  readonly name = 'rpmbuild';

  async build(req: BuildRequest): Promise<BuildOutcome> {
    const top = join(req.workDir, 'rpmbuild');
    for (const d of ['SOURCES', 'SPECS', 'BUILD', 'RPMS', 'SRPMS', 'BUILDROOT']) mkdirSync(join(top, d), { recursive: true });
    copyFileSync(req.tarball, join(top, 'SOURCES', req.tarball.slice(req.tarball.lastIndexOf('/') + 1)));
    const r = await runTool(
      'rpmbuild',
      ['-ba', '--nodeps', '--define', `_topdir ${top}`, '--define', `dist ${req.dist}`, '--define', `_tmppath ${req.workDir}`, req.specFile],
      {
        cwd: req.workDir,
        timeoutMs: req.timeoutMs,
        logFile: req.logFile,
        env: { HOME: req.workDir, PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: req.workDir },
      },
    );
    if (r.exitCode !== 0 || r.timedOut) {
      return { ok: false, rpms: [], error: r.timedOut ? `rpmbuild timed out after ${req.timeoutMs / 1000}s` : lastError(r.stdout + r.stderr) };
    }
    const rpms = [...listRpms(join(top, 'RPMS')), ...listRpms(join(top, 'SRPMS'))];
    if (rpms.length === 0) return { ok: false, rpms: [], error: 'rpmbuild produced no RPM' };
    return { ok: true, rpms, error: null };
  }
}

function listRpms(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rpm'))
    .map((e) => join(e.parentPath, e.name));
}

function lastError(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.filter((l) => /error|failed|syntax/i.test(l)).slice(-2);
  return (err.length ? err : lines.slice(-1)).join(' | ').slice(0, 300) || 'rpmbuild failed';
}
