import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import { PACKAGE_NAME } from '../config/schema.js';
import { DEMO_CATALOG, demoPackageFor } from './catalog.js';

const CONFIG_DIR = join(import.meta.dirname, '../../../config');

describe('demo catalog', () => {
  it('has 10-12 validly named packages with initial tags', () => {
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(10);
    expect(DEMO_CATALOG.length).toBeLessThanOrEqual(12);
    for (const p of DEMO_CATALOG) {
      expect(p.name).toMatch(PACKAGE_NAME);
      expect(p.command).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(p.tags.length).toBeGreaterThan(0);
    }
    expect(DEMO_CATALOG.some((p) => p.tags.length > 1)).toBe(true);
    expect(DEMO_CATALOG.some((p) => p.tags[0]!.startsWith('v'))).toBe(true);
  });

  it('depends only on packages listed before (a DAG inside the demo set)', () => {
    const seen = new Set<string>();
    for (const p of DEMO_CATALOG) {
      for (const dep of [...p.requires.map((r) => r.name), ...p.buildRequires]) expect(seen, `${p.name} -> ${dep}`).toContain(dep);
      seen.add(p.name);
    }
  });

  it('versioned requires are met by the required package tags', () => {
    const version = (name: string) =>
      DEMO_CATALOG.find((p) => p.name === name)!
        .tags.at(-1)!
        .replace(/^v/, '');
    const parts = (v: string) => v.split('.').map(Number);
    for (const r of DEMO_CATALOG.flatMap((p) => p.requires).filter((r) => r.minVersion)) {
      const [have, need] = [parts(version(r.name)), parts(r.minVersion!)];
      const cmp = have.map((n, i) => n - (need[i] ?? 0)).find((d) => d !== 0) ?? 0;
      expect(cmp, `${r.name} ${version(r.name)} >= ${r.minVersion}`).toBeGreaterThanOrEqual(0);
    }
  });

  it('is what the shipped config lists', () => {
    const config = loadConfig(CONFIG_DIR, '/nonexistent-data');
    expect(config.packages.map((p) => [p.name, p.project, p.component])).toEqual(DEMO_CATALOG.map((p) => [p.name, p.project, p.component]));
  });

  it('stands in for a demo package it does not know', () => {
    const p = demoPackageFor('my-extra', 'my.extra', 'misc');
    expect(p).toMatchObject({ name: 'my-extra', command: 'my-extra', requires: [], buildRequires: [] });
  });
});
