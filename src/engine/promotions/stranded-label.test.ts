import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { ciOf } from '../ci/index.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { trunkOf } from '../trunk/index.js';
import { readLink } from '../trunk/links.js';
import { promotionsOf } from './index.js';

async function until(what: string, ok: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A distgit change that builds but can never be installed: repoclosure fails on every repo that has it. */
async function unresolvable(fx: Fixture, pkg: string, n: number): Promise<void> {
  const spec = join(fx.distgit(pkg), `${pkg}.spec`);
  writeFileSync(
    spec,
    readFileSync(spec, 'utf8')
      .replace(/^Requires:.*\n/gm, '')
      .replace('Source0:', `Requires:       no-such-package-${n}\nSource0:`),
  );
  await execa('git', ['commit', '-qam', `require no-such-package-${n}`], { cwd: fx.distgit(pkg) });
}

describe('a label whose holder still needs a vote is never stranded', () => {
  let engine: Engine | undefined;
  let loops: EngineLoops | undefined;
  afterAll(async () => {
    await loops?.stop({ wait: true });
    if (engine) await ciOf(engine).jobs.idle();
    await engine?.close();
  });

  it('newer consistent hashes that fail repoclosure do not supersede install-check on what tripleo-ci-testing holds; current-tripleo moves by itself', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 1, 'min-ready': 1 }));
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    const ci = ciOf(engine);
    const link = (name: string) => readLink(engine!.paths.reposDir, name);
    await trunkOf(engine).trunk.runPass();
    const h1 = link('consistent')!;
    const run = (job: string, path: string) => ci.store.runsOf(job, ci.store.repoByPath(path)!.commit_hash, ci.store.repoByPath(path)!.distro_hash).at(-1);

    // One node: the runs go in queue order. repoclosure and rpm-sanity pass on H1, install-check waits.
    const passed = () => run('repoclosure', h1)?.state === 'success' && run('rpm-sanity', h1)?.state === 'success';
    for (let i = 0; i < 600 && !passed(); i++) {
      await ci.jobs.idle();
      if (passed()) break;
      await ci.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    await ci.jobs.idle();
    expect(passed()).toBe(true);
    promotionsOf(engine).promoter.runPass({ actor: 'tester' });
    expect(link('tripleo-ci-testing')).toBe(h1);
    expect(run('install-check', h1)?.state).toBe('queued');

    // consistent moves on twice, to hashes that can never pass repoclosure.
    for (const n of [1, 2]) {
      await unresolvable(fx, 'pkg-b', n);
      await trunkOf(engine).trunk.runPass();
    }
    expect(link('consistent')).not.toBe(h1);
    // What tripleo-ci-testing holds still needs install-check for current-tripleo: kept in the queue.
    expect(run('install-check', h1)).toMatchObject({ state: 'queued' });
    expect(ci.store.runsIn('superseded').length).toBeGreaterThan(0);

    // A database from before this rule already has that run superseded: it is queued again by itself.
    ci.store.finishRun(run('install-check', h1)!.id, 'superseded', Date.now(), null, 'superseded: consistent moved before it started');
    loops = new EngineLoops(engine);
    loops.start();
    await until('current-tripleo to reach what tripleo-ci-testing holds', () => link('current-tripleo') === h1, 180_000);
    expect(run('install-check', h1)).toMatchObject({ state: 'success', trigger: 'needed by current-tripleo' });
    expect(engine.events.read(0, 100_000).filter((e) => e.type === 'command')).toEqual([]);
  }, 300_000);
});
