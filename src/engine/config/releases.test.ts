import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadSigning } from './releases.js';
import { loadPipeline } from './pipeline.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-releases-config-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('releases config', () => {
  it('reads the signing key and fills {datadir} in its GnuPG home', () => {
    const dir = dirWith({ 'releases.yml': 'signing:\n  gnupghome: "{datadir}/gnupg"\n  key: demo@example.org\n' });
    expect(loadSigning(dir, '/data')).toEqual({ gnupghome: '/data/gnupg', key: 'demo@example.org' });
  });

  it('has no key without the file', () => {
    expect(loadSigning(dirWith({}), '/data')).toBeNull();
  });

  it('names the file, line and field of a bad key', () => {
    const dir = dirWith({ 'releases.yml': 'signing:\n  gnupghome: /g\n  key: "-x"\n' });
    let err: unknown;
    try {
      loadSigning(dir, '/data');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/releases\.yml:3: signing\.key: must not start with "-"/);
  });

  it('reads per-release gate jobs from pipeline.yml and refuses a gate naming no job', () => {
    const ok = dirWith({ 'pipeline.yml': 'jobs:\n  - name: a\n    external: true\nreleases:\n  zed:\n    gate: [a]\n' });
    expect(loadPipeline(ok).releaseGates).toEqual({ zed: ['a'] });
    const bad = dirWith({ 'pipeline.yml': 'jobs:\n  - name: a\n    external: true\nreleases:\n  zed:\n    gate: [a, b]\n' });
    expect(() => loadPipeline(bad)).toThrow(/pipeline\.yml:6: releases\.zed\.gate\[1\]: names no job of jobs: \(got "b"\)/);
  });
});
