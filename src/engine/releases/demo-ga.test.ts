import { afterAll, describe, expect, it } from 'vitest';
import { openDemoEngine } from '../../test-support/demo-engine.js';
import { createDueLateTags, demoCommit, demoGa, type DemoGaResult } from '../demo/index.js';
import { git } from '../git.js';
import { releasesArea, releasesOf } from './index.js';

const operator = { name: 'tester', role: 'operator' as const };

describe('the demo GA (demo init, demo ga branching the release first, a late tag picked up by the late-builds loop)', () => {
  let demo: Awaited<ReturnType<typeof openDemoEngine>> | null = null;
  afterAll(() => demo?.close());

  it('branches the release, tags every demo upstream (a broken one fixed), two late with an rc first; the late finals are built without a new command', async () => {
    demo = await openDemoEngine('rdo-demo-ga-');
    const { engine: e, config } = demo;
    const run = (name: string, args: Record<string, unknown>) => e.dispatch({ name, args }, operator);
    expect(e.facts()['releases.zed.packages']).toBe(config.packages.length);
    // The scripted activity's second commit breaks python-demo-oslo-config's build; the release commit fixes it.
    await demoCommit(config);
    expect((await demoCommit(config)).kind).toBe('break');
    await expect(run('demo.ga', { release: 'nope' })).resolves.toMatchObject({ ok: false, error: { kind: 'bad-request' } });

    const done = await run('demo.ga', { lateMinutes: 5 });
    expect(done.ok, done.message).toBe(true);
    expect(done.message).toContain(`zed was not branched yet: created ${config.packages.length} release distgit branch(es) first`);
    const ga = done.data as DemoGaResult;
    expect(ga.tagged).toHaveLength(config.packages.length - 2);
    expect(ga.late.map((l) => l.package)).toEqual(['openstack-demo-neutron', 'python-demo-tempest']);
    const pbr = config.packages[0]!;
    expect((await git(pbr.upstream, ['tag', '--points-at', 'HEAD'])).trim()).toBe('5.12.0');
    expect(await git(pbr.upstream, ['show', 'HEAD:requirements.txt'])).toContain('Requirements of demo-pbr 5.12.0');
    await expect(demoGa(config)).rejects.toThrow(/still has late tags pending \(23\.2\.0, 36\.1\.0\)/);
    expect((await run('demo.ga', {})).message).toMatch(/still has late tags pending/);

    const built = await run('release.build', { release: 'zed' });
    expect(built.ok, built.message).toBe(true);
    expect(built.message).toContain(`${config.packages.length} built`);
    // The late ones have only their rc built: they still lack a GA build.
    expect(e.facts()['releases.zed.missing-candidate']).toBe(2);
    expect(e.facts()['releases.zed.missing-candidate-list']).toBe('openstack-demo-neutron, python-demo-tempest');

    const reqs = await run('release.reqcheck', { release: 'zed' });
    expect(reqs.message).toMatch(/requirements in sync for 12 package\(s\)/);

    expect(await createDueLateTags(config)).toEqual([]);
    expect(await createDueLateTags(config, Date.now() + 6 * 60_000)).toEqual([
      { package: 'openstack-demo-neutron', tag: '23.2.0' },
      { package: 'python-demo-tempest', tag: '36.1.0' },
    ]);
    const loop = releasesArea.loops.find((l) => l.name === 'releases.late-builds')!;
    await loop.tick({ area: releasesOf(e), engine: e, log: e.log });
    expect(e.facts()['releases.zed.missing-candidate']).toBe(0);
    const candidate = (await e.query('releases.tag', { tag: 'zed-candidate' }, operator)) as { builds: { nvr: string; taggedBy: string }[] };
    expect(candidate.builds.find((b) => b.nvr.startsWith('python-demo-tempest-'))).toMatchObject({
      nvr: 'python-demo-tempest-36.1.0-1.el9',
      taggedBy: 'releases.late-builds',
    });
  }, 180_000);
});
