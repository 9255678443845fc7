import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';

const shipped = resolve(import.meta.dirname, '../../../config');

function withEdit(file: 'rdoinfo.yml' | 'trunk.yml', edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-config-'));
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

function errorOf(dir: string): ConfigError {
  try {
    loadConfig(dir, '/tmp/unused-data');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('config loaded without error');
}

describe('loadConfig', () => {
  it('loads the shipped demo config with URLs resolved into the data directory', () => {
    const c = loadConfig(shipped, '/srv/rdo');
    expect(c.packages.length).toBeGreaterThanOrEqual(8);
    expect(c.packages[0]!.upstream.startsWith('/srv/rdo/demo/upstream/')).toBe(true);
    expect(c.trunk.workers).toBeGreaterThan(0);
  });

  it('names file and line of malformed YAML', () => {
    const e = errorOf(withEdit('rdoinfo.yml', (t) => t.replace('packages:', 'packages: [unclosed')));
    expect(e.message).toMatch(/rdoinfo\.yml:\d+: [a-z-]+: malformed YAML/);
  });

  it('names the field, line and value of a bad package name', () => {
    const dir = withEdit('rdoinfo.yml', (t) => t.replace(/(\npackages:\n(?:\s*#.*\n)*\s*- name: )\S+/, '$1"bad name!"'));
    const e = errorOf(dir);
    const line = readFileSync(join(dir, 'rdoinfo.yml'), 'utf8').split('\n').findIndex((l) => l.includes('bad name!')) + 1;
    expect(e.message).toBe(`${dir}/rdoinfo.yml:${line}: packages[0].name: must match [A-Za-z0-9][A-Za-z0-9._+-]* (got "bad name!")`);
  });

  it('reports a missing required field', () => {
    const e = errorOf(withEdit('rdoinfo.yml', (t) => t.replace(/^releases:[\s\S]*?(?=^package-configs:)/m, '')));
    expect(e.message).toMatch(/rdoinfo\.yml(:\d+)?: releases: /);
  });

  it('reports a package that has no upstream after its template', () => {
    const e = errorOf(withEdit('rdoinfo.yml', (t) => t.replace(/conf: demo/, 'conf: nosuch')));
    expect(e.message).toMatch(/packages\[0\]\.conf: names no entry of package-configs \(got "nosuch"\)/);
  });

  it('reports a wrong type in trunk.yml with its value', () => {
    const e = errorOf(withEdit('trunk.yml', (t) => t.replace(/workers: \d+/, 'workers: many')));
    expect(e.message).toMatch(/trunk\.yml:\d+: trunk\.workers: .* \(got "many"\)/);
  });

  it('reports an unknown key', () => {
    const e = errorOf(withEdit('trunk.yml', (t) => t.replace('trunk:', 'trunk:\n  wrokers: 3')));
    expect(e.message).toMatch(/trunk\.yml:\d+: trunk: .*wrokers/);
  });

  it('reports a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-config-'));
    expect(errorOf(dir).message).toMatch(/rdoinfo\.yml: cannot read: ENOENT/);
  });
});
