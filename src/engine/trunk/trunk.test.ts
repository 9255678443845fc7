import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.js';
import { git } from '../git.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { repoPackages, rpmFiles } from '../../test-support/repodata.js';
import { readLink } from './links.js';
import { planPurge } from './purge.js';
import { trunkOf } from './index.js';

const operator = { name: 'tester', role: 'operator' as const };

describe('trunk on real git, rpmbuild and createrepo_c', () => {
  let fx: Fixture;
  let engine: Engine;
  const repos = () => engine.paths.reposDir;
  const link = (name: string) => readLink(repos(), name);
  const state = (pkg: string) => trunkOf(engine).store.lastCommit(pkg)?.state;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b', requires: ['pkg-a'], tag: 'v2.1.0' }, { name: 'pkg-c' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
  });
  afterAll(() => engine?.close());

  it('first pass builds the newest commit of every package and publishes current and consistent', async () => {
    await fx.commit('pkg-a');
    const r = await trunkOf(engine).trunk.runPass();
    expect(r).toMatchObject({ built: 3, failed: 0, retried: 0, skipped: [] });
    expect(trunkOf(engine).store.db.prepare('SELECT COUNT(*) AS n FROM commits').get()).toEqual({ n: 3 });
    const current = link('current')!;
    expect(link('consistent')).toBe(current);
    const dir = join(repos(), current);
    const names = repoPackages(dir);
    expect(names.filter((n) => !n.endsWith('.src'))).toEqual([
      expect.stringMatching(/^pkg-a-1\.0\.0-0\.\d{14}\.[0-9a-f]{7}\.el9\.noarch$/),
      expect.stringMatching(/^pkg-b-2\.1\.0-0\.\d{14}\.[0-9a-f]{7}\.el9\.noarch$/),
      expect.stringMatching(/^pkg-c-1\.0\.0-/),
    ]);
    expect(names.filter((n) => n.endsWith('.src'))).toHaveLength(3);
    for (const f of ['delorean.repo', 'versions.csv', 'commit.yaml', 'rpmbuild.log']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'delorean.repo'), 'utf8')).toContain(`baseurl=http://127.0.0.1:1/repos/${current}`);
    expect(readFileSync(join(dir, 'versions.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(repos(), 'status_report.csv'), 'utf8')).toMatch(/^pkg-b,SUCCESS,/m);
    expect(current).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{40}_[0-9a-f]{8}$/);
  });

  it('queues every new first-parent commit oldest first, publishes a repo each and keeps older repos intact', async () => {
    const before = link('current')!;
    const beforeFiles = rpmFiles(join(repos(), before));
    const h1 = await fx.commit('pkg-b');
    const h2 = await fx.commit('pkg-b');
    const r = await trunkOf(engine).trunk.runPass();
    expect(r.built).toBe(2);
    const built = trunkOf(engine)
      .store.recentBuilds(2)
      .map((b) => b.commit_hash);
    expect(built).toEqual([h2, h1]);
    expect(link('current')!.includes(h2)).toBe(true);
    expect(rpmFiles(join(repos(), before))).toEqual(beforeFiles);
    expect(repoPackages(join(repos(), before)).length).toBe(6);
    // The new repo links the other packages' latest good RPMs.
    expect(repoPackages(join(repos(), link('current')!)).filter((n) => n.startsWith('pkg-a-'))).toHaveLength(2);
  });

  it('does not build the same commit twice', async () => {
    const r = await trunkOf(engine).trunk.runPass();
    expect(r).toMatchObject({ built: 0, failed: 0, retried: 0 });
  });

  it('a FAILED build moves neither link; a later success moves current only; the fix moves consistent', async () => {
    const current0 = link('current');
    const consistent0 = link('consistent');
    await fx.commit('pkg-c', 'break');
    let r = await trunkOf(engine).trunk.runPass();
    expect(r.failed).toBe(1);
    expect(state('pkg-c')).toBe('FAILED');
    const failed = trunkOf(engine).store.lastBuildOf(trunkOf(engine).store.lastCommit('pkg-c')!.id)!;
    expect(failed.error).toMatch(/error|syntax/i);
    expect(readFileSync(failed.log_path!, 'utf8')).toMatch(/syntax error/i);
    expect(link('current')).toBe(current0);
    expect(link('consistent')).toBe(consistent0);
    const status = trunkOf(engine)
      .store.packageStatuses()
      .find((s) => s.package === 'pkg-c')!;
    expect(status.firstFailure?.id).toBe(failed.id);

    await fx.commit('pkg-a');
    r = await trunkOf(engine).trunk.runPass();
    expect(r.built).toBe(1);
    expect(link('current')).not.toBe(current0);
    expect(link('consistent')).toBe(consistent0);

    const fix = await fx.commit('pkg-c', 'fix');
    r = await trunkOf(engine).trunk.runPass();
    expect(r.built).toBe(1);
    expect(link('current')).toContain(fix);
    expect(link('consistent')).toBe(link('current'));
  });

  it('a transient error is RETRY, then builds on the next pass', async () => {
    await fx.commit('pkg-a', 'flaky');
    let r = await trunkOf(engine).trunk.runPass();
    expect(r.retried).toBe(1);
    expect(state('pkg-a')).toBe('RETRY');
    r = await trunkOf(engine).trunk.runPass();
    expect(r.built).toBe(1);
    expect(state('pkg-a')).toBe('SUCCESS');
    const builds = trunkOf(engine)
      .store.db.prepare('SELECT status FROM builds WHERE commit_id = ? ORDER BY id')
      .all(trunkOf(engine).store.lastCommit('pkg-a')!.id);
    expect(builds).toEqual([{ status: 'RETRY' }, { status: 'SUCCESS' }]);
  });

  it('an older commit still to retry is not built after a newer one succeeded', async () => {
    const flaky = await fx.commit('pkg-c', 'flaky');
    const newer = await fx.commit('pkg-c');
    const r = await trunkOf(engine).trunk.runPass();
    expect(r).toMatchObject({ built: 1, retried: 1 });
    expect(link('current')).toContain(newer);
    expect((await trunkOf(engine).trunk.runPass()).built).toBe(0);
    expect(link('current')).toContain(newer);
    expect(trunkOf(engine).store.findCommit('pkg-c', flaky, trunkOf(engine).store.lastCommit('pkg-c')!.distro_hash, null)!.state).toBe('RETRY');
  });

  it('recheck re-queues a FAILED package; a SUCCESS one only with force', async () => {
    await fx.commit('pkg-b', 'break');
    expect((await trunkOf(engine).trunk.runPass()).failed).toBe(1);
    expect(await engine.dispatch({ name: 'trunk.recheck', args: { package: 'pkg-b' } }, operator)).toMatchObject({ ok: true });
    expect(state('pkg-b')).toBe('QUEUED');
    expect((await trunkOf(engine).trunk.runPass()).failed).toBe(1);
    await fx.commit('pkg-b', 'fix');
    expect((await trunkOf(engine).trunk.runPass()).built).toBe(1);

    const refused = await engine.dispatch({ name: 'trunk.recheck', args: { package: 'pkg-b' } }, operator);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/use --force/) });
    const unknown = await engine.dispatch({ name: 'trunk.recheck', args: { package: 'nope' } }, operator);
    expect(unknown).toMatchObject({ ok: false, message: expect.stringMatching(/unknown package "nope"/) });
    // Its repo is what `consistent` holds: rebuilding it would change content CI voted on.
    const held = await engine.dispatch({ name: 'trunk.force-rebuild', args: { package: 'pkg-b' } }, operator);
    expect(held).toMatchObject({ ok: false, message: expect.stringMatching(/which consistent points at; a rebuild would change tested content/) });
    const path = link('current')!;
    await fx.commit('pkg-a');
    expect((await trunkOf(engine).trunk.runPass()).built).toBe(1);
    const inode = realpathSync(join(repos(), path));
    const nvrBefore = trunkOf(engine)
      .store.recentBuilds(20)
      .find((b) => b.package === 'pkg-b' && b.status === 'SUCCESS')!.nvr!;
    // The Release carries the build time (as DLRN's does): let the clock move to the next second.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await engine.dispatch({ name: 'trunk.force-rebuild', args: { package: 'pkg-b' } }, operator)).toMatchObject({ ok: true });
    expect((await trunkOf(engine).trunk.runPass()).built).toBe(1);
    const nvrAfter = trunkOf(engine).store.recentBuilds(1)[0]!.nvr!;
    expect(nvrAfter).toMatch(/^pkg-b-/);
    expect(nvrAfter).not.toBe(nvrBefore);
    expect(nvrAfter > nvrBefore).toBe(true);
    expect(link('current')).toBe(path);
    expect(existsSync(join(inode, 'repodata', 'repomd.xml'))).toBe(true);
    const audit = engine.events.read(0, 100_000).filter((e) => e.type === 'command');
    expect(audit.map((e) => e.actor)).toContain('tester');
  });

  it('a distgit change alone queues the last upstream commit with the new distro hash', async () => {
    const dh = await fx.distgitCommit('pkg-c');
    const r = await trunkOf(engine).trunk.runPass();
    expect(r, JSON.stringify(trunkOf(engine).store.recentBuilds(1))).toMatchObject({ built: 1 });
    expect(trunkOf(engine).store.lastCommit('pkg-c')!.distro_hash).toBe(dh);
    expect(link('current')).toContain(`_${dh.slice(0, 8)}`);
  });

  it('purge removes old repos but never link targets or a package latest good build', async () => {
    trunkOf(engine).store.db.prepare('UPDATE repos SET created_at = created_at - 30 * 86400000').run();
    const labelTarget = trunkOf(engine).store.db.prepare('SELECT path FROM repos ORDER BY created_at LIMIT 1').get() as { path: string };
    const { moveLink } = await import('./links.js');
    moveLink(repos(), 'tripleo-ci-testing', labelTarget.path);
    const plan = planPurge(trunkOf(engine).store, repos(), 14, () => engine.repoHolds());
    expect(plan.purge.length).toBeGreaterThan(0);
    const dry = await engine.dispatch({ name: 'trunk.purge', args: { olderThan: 14, dryRun: true } }, operator);
    expect(dry.ok).toBe(true);
    for (const p of plan.purge) expect(existsSync(join(repos(), p))).toBe(true);
    await engine.dispatch({ name: 'trunk.purge', args: { olderThan: 14 } }, operator);
    for (const p of plan.purge) expect(existsSync(join(repos(), p))).toBe(false);
    for (const name of ['current', 'consistent', 'tripleo-ci-testing']) {
      expect(existsSync(join(repos(), name, 'repodata', 'repomd.xml'))).toBe(true);
    }
    // The next publication still finds every package's latest RPMs.
    await fx.commit('pkg-a');
    expect((await trunkOf(engine).trunk.runPass()).built).toBe(1);
    expect(repoPackages(join(repos(), link('current')!)).filter((n) => !n.endsWith('.src'))).toHaveLength(3);
  });

  it('a package whose git does not answer is skipped with the reason; the others still build', async () => {
    const rdoinfo = join(fx.configDir, 'rdoinfo.yml');
    const original = readFileSync(rdoinfo, 'utf8');
    writeFileSync(rdoinfo, original.replace('  - name: pkg-c\n    conf: fixture\n', `  - name: pkg-c\n    conf: fixture\n    upstream: ${fx.root}/nowhere\n`));
    const other = Engine.open({ configDir: fx.configDir, dataDir: join(fx.root, 'data2') });
    try {
      const r = await trunkOf(other).trunk.runPass();
      expect(r.skipped).toEqual(['pkg-c']);
      expect(r.built).toBe(2);
      expect(trunkOf(other).store.skiplist()[0]).toMatchObject({ package: 'pkg-c', reason: expect.stringContaining('nowhere') });
    } finally {
      other.close();
      writeFileSync(rdoinfo, original);
    }
  });

  it('a distgit without a spec fails the build with a message naming the distgit', async () => {
    const dg = fx.distgit('pkg-a');
    await git(dg, ['rm', '-q', 'pkg-a.spec']);
    await git(dg, ['commit', '-q', '-m', 'drop the spec']);
    const current = link('current');
    expect((await trunkOf(engine).trunk.runPass()).failed).toBe(1);
    const build = trunkOf(engine).store.lastBuildOf(trunkOf(engine).store.lastCommit('pkg-a')!.id)!;
    expect(build.error).toBe(`distgit ${dg} (rpm-master at ${trunkOf(engine).store.lastCommit('pkg-a')!.distro_hash.slice(0, 8)}) has no .spec file`);
    expect(link('current')).toBe(current);
  });
});
