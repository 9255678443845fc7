import { afterAll, describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { readLink } from '../trunk/links.js';
import { ciOf } from '../ci/index.js';
import { trunkOf } from '../trunk/index.js';
import { LocalClient } from '../client/local-client.js';

async function until(what: string, ok: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('end to end: upstream commit → build → jobs on the pool → votes → promotions', () => {
  let engine: Engine | undefined;
  let loops: EngineLoops | undefined;
  afterAll(async () => {
    await loops?.stop();
    if (engine) await ciOf(engine).jobs.idle();
    await engine?.close();
  });

  it('promotes tripleo-ci-testing, then current-tripleo, with nobody touching it', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b', requires: ['pkg-a'] }], { 'run-interval': 1 });
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 3, 'min-ready': 2 }));
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    loops = new EngineLoops(engine);
    loops.start();
    const link = (name: string) => readLink(engine!.paths.reposDir, name);
    const chainAt = (path: string | null) => path !== null && link('tripleo-ci-testing') === path && link('current-tripleo') === path;

    await until('the first consistent repo', () => link('consistent') !== null && !trunkOf(engine!).trunk.busy);
    await until('the chain to reach consistent', () => chainAt(link('consistent')));

    const hash = await fx.commit('pkg-a');
    await until('a repo of the new commit', () => link('consistent')?.includes(hash) ?? false);
    const target = link('consistent')!;
    await until('the chain to reach the new commit', () => chainAt(target));

    const promotions = ciOf(engine).store.promotions({});
    expect(promotions.slice(0, 2).map((p) => [p.promote_name, p.repo_path, p.user])).toEqual([
      ['current-tripleo', target, 'promoter'],
      ['tripleo-ci-testing', target, 'promoter'],
    ]);
    expect(link('previous-current-tripleo')).not.toBe(target);
    const votes = ciOf(engine).store.votesOn(ciOf(engine).store.repoByPath(target)!.commit_hash, ciOf(engine).store.repoByPath(target)!.distro_hash);
    expect(
      votes
        .filter((v) => !v.ci_in_progress && v.ci_vote === 1)
        .map((v) => v.ci_name)
        .sort(),
    ).toEqual(['install-check', 'repoclosure', 'rpm-sanity']);
    const client = new LocalClient(engine, { name: 'tester', role: 'viewer' });
    const snap = { ...(await client.query('ci.pool', {})), ...(await client.query('promotions.labels', {})) };
    expect(snap.labels.map((l) => [l.label, l.holds, l.candidates.length])).toEqual([
      ['tripleo-ci-testing', target, 0],
      ['current-tripleo', target, 0],
    ]);
    expect(snap.labels[1]!.previous).toBe(link('previous-current-tripleo'));
    expect(snap.labels[0]!.since).toBe(promotions[1]!.timestamp);
    expect(
      snap.recent
        .filter((r) => r.repoPath === target)
        .map((r) => `${r.job}:${r.state}`)
        .sort(),
    ).toEqual(['install-check:success', 'repoclosure:success', 'rpm-sanity:success']);
    expect(snap.nodes.length).toBeGreaterThan(0);
    expect(snap.promoter.lastPass).not.toBeNull();
    expect((await client.query('ci.job-log', { runId: snap.recent[0]!.runId, offset: -1, limit: 10_000 })).complete).toBe(true);
    const operatorCommands = engine.events.read(0, 100_000).filter((e) => e.type === 'command');
    expect(operatorCommands).toEqual([]);
  }, 60_000);
});
