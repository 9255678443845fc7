import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../config/load.js';
import { git } from '../git.js';
import { demoCommit, demoInit } from './index.js';

const CONFIG_DIR = join(import.meta.dirname, '../../../config');

describe('demoCommit', () => {
  let tmp: string;
  let config: Config;
  const upstreamOf = (name: string) => config.packages.find((p) => p.name === name)!.upstream;
  const head = async (name: string) => (await git(upstreamOf(name), ['log', '-1', '--format=%H %ct', 'master'])).trim().split(' ');

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rdo-demo-commit-'));
    config = loadConfig(CONFIG_DIR, tmp);
    await demoInit(config);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('follows the scripted sequence: normal, break, flaky, fix, then normal', async () => {
    const names = config.packages.map((p) => p.name);
    const results = [];
    for (let i = 0; i < 5; i++) {
      const before = await head(names[i % names.length]!);
      const r = await demoCommit(config);
      results.push(r);
      const [hash, time] = await head(r.package);
      expect(hash).toBe(r.commitHash);
      if (r.package === names[i % names.length]) expect(Number(time)).toBeGreaterThan(Number(before[1]));
    }
    expect(results.map((r) => `${r.kind}:${r.package}`)).toEqual([
      `normal:${names[0]}`,
      `break:${names[1]}`,
      `flaky:${names[2]}`,
      `fix:${names[1]}`,
      `normal:${names[0]}`,
    ]);
    expect(JSON.parse(readFileSync(join(tmp, 'demo', 'state.json'), 'utf8'))).toEqual({ step: 5 });
  });

  it('leaves clean working trees, the flaky prebuild executable and pointing under demo/state', async () => {
    const flaky = upstreamOf(config.packages[2]!.name);
    expect((await git(flaky, ['status', '--porcelain'])).trim()).toBe('');
    expect(statSync(join(flaky, 'ci', 'prebuild')).mode & 0o111).not.toBe(0);
    const prebuild = readFileSync(join(flaky, 'ci', 'prebuild'), 'utf8');
    expect(prebuild).toContain(`'${join(tmp, 'demo', 'state')}/flaky-`);
    expect(existsSync(join(tmp, 'demo', 'state'))).toBe(true);
  });

  it('commits to a named package without moving the sequence', async () => {
    const name = 'openstack-demo-nova';
    const [, before] = await head(name);
    const r = await demoCommit(config, { package: name });
    expect(r).toMatchObject({ package: name, kind: 'normal' });
    const [hash, time] = await head(name);
    expect(hash).toBe(r.commitHash);
    expect(Number(time)).toBeGreaterThan(Number(before));
    expect(JSON.parse(readFileSync(join(tmp, 'demo', 'state.json'), 'utf8'))).toEqual({ step: 5 });
  });

  it('keeps commit times strictly increasing when commits come fast', async () => {
    const name = 'python-demo-pbr';
    const a = await demoCommit(config, { package: name });
    const b = await demoCommit(config, { package: name });
    const times = (await git(upstreamOf(name), ['log', '-2', '--format=%ct', b.commitHash])).trim().split('\n').map(Number);
    expect(times[0]).toBeGreaterThan(times[1]!);
    expect(a.commitHash).not.toBe(b.commitHash);
  });

  it('rejects an unknown package, listing the demo packages', async () => {
    await expect(demoCommit(config, { package: 'no-such-pkg' })).rejects.toThrow(/"no-such-pkg".*python-demo-pbr, /);
  });

  it('rejects a package whose upstream is not in the demo directory', async () => {
    const outside = { ...config, packages: [...config.packages, { ...config.packages[0]!, name: 'real-pkg', upstream: 'https://opendev.org/openstack/nova' }] };
    await expect(demoCommit(outside, { package: 'real-pkg' })).rejects.toThrow(/"real-pkg" is not a demo package/);
  });
});
