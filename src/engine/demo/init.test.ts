import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config/load.js';
import { git } from '../git.js';
import { demoInit } from './init.js';

const CONFIG_DIR = join(import.meta.dirname, '../../../config');

describe('demoInit', () => {
  let tmp: string;
  let config: Config;
  let first: Awaited<ReturnType<typeof demoInit>>;
  let initMs: number;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rdo-demo-init-'));
    config = loadConfig(CONFIG_DIR, tmp);
    const t0 = performance.now();
    first = await demoInit(config);
    initMs = performance.now() - t0;
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('creates an upstream and a distgit repository per package, quickly', () => {
    expect(first.existing).toEqual([]);
    expect(first.created).toHaveLength(config.packages.length * 2);
    expect(initMs).toBeLessThan(10_000);
    expect(readdirSync(join(tmp, 'demo', 'upstream')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('gives upstream a master branch with 2-4 commits, a script, a README and version tags', async () => {
    const tagsSeen: string[][] = [];
    for (const pkg of config.packages) {
      const dir = pkg.upstream;
      expect((await git(dir, ['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('master');
      const times = (await git(dir, ['log', '--format=%ct', 'master'])).trim().split('\n').map(Number);
      expect(times.length).toBeGreaterThanOrEqual(2);
      expect(times.length).toBeLessThanOrEqual(4);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(new Set(times).size).toBe(times.length);
      expect(times.at(-1)! * 1000).toBeGreaterThan(Date.now() - 24 * 3600_000);
      expect(times[0]! * 1000).toBeLessThan(Date.now());
      expect(existsSync(join(dir, 'README.md'))).toBe(true);
      const bins = readdirSync(join(dir, 'bin'));
      expect(bins).toHaveLength(1);
      expect(statSync(join(dir, 'bin', bins[0]!)).mode & 0o111).not.toBe(0);
      expect((await git(dir, ['status', '--porcelain'])).trim()).toBe('');
      tagsSeen.push((await git(dir, ['tag', '--list'])).trim().split('\n'));
      expect((await git(dir, ['describe', '--tags', '--abbrev=0', 'master'])).trim()).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
    expect(tagsSeen.some((t) => t.length === 2)).toBe(true);
    expect(tagsSeen.some((t) => t[0]!.startsWith('v'))).toBe(true);
  });

  it('gives distgit an rpm-master branch holding exactly <name>.spec', async () => {
    for (const pkg of config.packages) {
      expect((await git(pkg.distgit, ['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('rpm-master');
      expect((await git(pkg.distgit, ['ls-tree', '--name-only', 'rpm-master'])).trim()).toBe(`${pkg.name}.spec`);
      const spec = readFileSync(join(pkg.distgit, `${pkg.name}.spec`), 'utf8');
      expect(spec).toMatch(new RegExp(`^Name: +${pkg.name}$`, 'm'));
      const commits = (await git(pkg.distgit, ['rev-list', '--count', 'rpm-master'])).trim();
      expect(['1', '2']).toContain(commits);
    }
  });

  it('writes the activity state', () => {
    expect(JSON.parse(readFileSync(join(tmp, 'demo', 'state.json'), 'utf8'))).toEqual({ step: 0 });
  });

  it('leaves existing repositories alone', async () => {
    const before = (await git(config.packages[0]!.upstream, ['rev-parse', 'master'])).trim();
    const again = await demoInit(config);
    expect(again.created).toEqual([]);
    expect(again.existing).toEqual(first.created);
    expect((await git(config.packages[0]!.upstream, ['rev-parse', 'master'])).trim()).toBe(before);
  });
});
