import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { repoPackages } from '../../test-support/repodata.js';
import { aggregateMembers } from '../../store/db/aggregate-store.js';
import { readLink } from './links.js';
import { trunkOf } from './index.js';

describe('trunk with components on (DLRN use_components)', () => {
  let fx: Fixture;
  let engine: Engine;
  const repos = () => engine.paths.reposDir;
  const link = (name: string) => readLink(repos(), name);
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const file = (...parts: string[]) => readFileSync(join(repos(), ...parts), 'utf8');

  beforeAll(async () => {
    fx = await createFixture(
      [
        { name: 'pkg-a', component: 'alpha' },
        { name: 'pkg-b', component: 'alpha' },
        { name: 'pkg-c', component: 'beta' },
      ],
      { 'use-components': true },
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
  }, 120_000);
  afterAll(() => engine?.close());

  it('publishes each build under component/<name>/ab/cd/ with only its component packages, and per-component links', () => {
    const alpha = readLink(join(repos(), 'component', 'alpha'), 'current')!;
    const beta = readLink(join(repos(), 'component', 'beta'), 'consistent')!;
    expect(alpha).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{40}_[0-9a-f]{8}$/);
    const alphaPkgs = repoPackages(join(repos(), 'component', 'alpha', alpha)).filter((n) => !n.endsWith('.src'));
    expect(alphaPkgs.map((n) => n.split('-1.0.0')[0])).toEqual(['pkg-a', 'pkg-b']);
    const betaPkgs = repoPackages(join(repos(), 'component', 'beta', beta)).filter((n) => !n.endsWith('.src'));
    expect(betaPkgs.map((n) => n.split('-1.0.0')[0])).toEqual(['pkg-c']);
    const paths = trunkOf(engine).store.db.prepare('SELECT path FROM repos').pluck().all() as string[];
    expect(paths.every((p) => /^component\/(alpha|beta)\/[0-9a-f]{2}\/[0-9a-f]{2}\//.test(p))).toBe(true);
    expect(file('component', 'alpha', alpha, 'delorean.repo')).toContain(`baseurl=http://127.0.0.1:1/repos/component/alpha/${alpha}`);
  });

  it('aggregates the components repo files into current/delorean.repo, its md5 beside it', () => {
    const agg = file('current', 'delorean.repo');
    const parts = ['alpha', 'beta'].map((c) => file('component', c, 'current', 'delorean.repo'));
    expect(agg).toBe(parts.map((p) => `${p}\n`).join(''));
    expect(file('current', 'delorean.repo.md5')).toBe(md5(agg));
    expect(link('current')).toBe(`aggregates/${md5(agg).slice(0, 2)}/${md5(agg).slice(2, 4)}/${md5(agg)}`);
    expect(file('consistent', 'delorean.repo.md5')).toBe(md5(agg));
    expect(file('current', 'versions.csv').trim().split('\n')).toHaveLength(4);
    expect(aggregateMembers(engine.db, md5(agg)).map((m) => m.component)).toEqual(['alpha', 'beta']);
  });

  it('a failing package holds back only its component consistent; the aggregates follow', async () => {
    const betaConsistent = readLink(join(repos(), 'component', 'beta'), 'consistent');
    const consistentBefore = file('consistent', 'delorean.repo.md5');
    await fx.commit('pkg-c', 'break');
    await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    expect(trunkOf(engine).store.lastCommit('pkg-c')!.state).toBe('FAILED');
    expect(readLink(join(repos(), 'component', 'beta'), 'consistent')).toBe(betaConsistent);
    const alphaNow = readLink(join(repos(), 'component', 'alpha'), 'consistent')!;
    expect(alphaNow).toContain(trunkOf(engine).store.lastCommit('pkg-a')!.commit_hash);
    const consistent = file('consistent', 'delorean.repo');
    expect(consistent).toContain(`component/alpha/${alphaNow}`);
    expect(file('consistent', 'delorean.repo.md5')).toBe(md5(consistent));
    expect(file('consistent', 'delorean.repo.md5')).not.toBe(consistentBefore);
  }, 120_000);

  it('on the next start, recovery re-aggregates a top-level link that is missing', async () => {
    const held = link('current');
    rmSync(join(repos(), 'current'));
    expect(existsSync(join(repos(), 'current'))).toBe(false);
    await engine.close();
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    expect(link('current')).toBe(held);
  });
});
