import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { moveLink } from './links.js';
import { applyPurge, planPurge } from './purge.js';
import { trunkOf } from './index.js';

describe('purge on real published repos', () => {
  let fx: Fixture;
  let engine: Engine;
  /** Three repos of pkg-a, oldest first; the newest is current, consistent and the latest good build. */
  let R: string[];
  const repos = () => engine.paths.reposDir;
  const jobRun = (path: string, state: string) =>
    engine.db
      .prepare("INSERT INTO job_runs (job, commit_hash, distro_hash, repo_path, trigger, state, queued_at) VALUES ('ci-a', 'c', 'd', ?, 'current', ?, 1)")
      .run(path, state);

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    for (let i = 0; i < 2; i++) {
      await fx.commit('pkg-a');
      await trunkOf(engine).trunk.runPass();
    }
    trunkOf(engine).store.db.prepare('UPDATE repos SET created_at = created_at - 30 * 86400000').run();
    R = (trunkOf(engine).store.db.prepare('SELECT path FROM repos ORDER BY created_at').all() as { path: string }[]).map((r) => r.path);
    expect(R).toHaveLength(3);
  }, 120_000);
  afterAll(() => engine?.close());

  it('keeps a repo that became a link target or got a queued job run after planning; never plans a repo with a running job', () => {
    jobRun(R[0]!, 'running');
    const first = planPurge(trunkOf(engine).store, repos(), 14, () => engine.repoHolds());
    expect(first.purge).toEqual([R[1]]);
    expect(first.kept).toEqual(expect.arrayContaining([{ path: R[0], why: 'running job run of ci-a' }]));
    engine.db.prepare("UPDATE job_runs SET state = 'success'").run();

    const plan = planPurge(trunkOf(engine).store, repos(), 14, () => engine.repoHolds());
    expect(plan.purge).toEqual([R[0], R[1]]);
    // Between planning and applying: a promotion moves a label to R[0], a job is queued on R[1].
    moveLink(repos(), 'tripleo-ci-testing', R[0]!);
    jobRun(R[1]!, 'queued');
    const done = applyPurge(plan, trunkOf(engine).store, engine.events, repos(), engine.paths.tmpDir, 'tester', () => engine.repoHolds());
    expect(done.purge).toEqual([]);
    expect(done.kept).toEqual(
      expect.arrayContaining([
        { path: R[0], why: 'target of tripleo-ci-testing' },
        { path: R[1], why: 'queued job run of ci-a' },
      ]),
    );
    for (const p of R) expect(existsSync(join(repos(), p, 'repodata', 'repomd.xml'))).toBe(true);
    expect(
      trunkOf(engine)
        .store.reposOlderThan(Date.now())
        .map((r) => r.path),
    ).toEqual(R);

    // Once the label moves away and the job finishes, they go.
    rmSync(join(repos(), 'tripleo-ci-testing'));
    engine.db.prepare("UPDATE job_runs SET state = 'failure'").run();
    const later = applyPurge(plan, trunkOf(engine).store, engine.events, repos(), engine.paths.tmpDir, 'tester', () => engine.repoHolds());
    expect(later.purge).toEqual([R[0], R[1]]);
    for (const p of [R[0]!, R[1]!]) expect(existsSync(join(repos(), p))).toBe(false);
    expect(existsSync(join(repos(), R[2]!, 'repodata', 'repomd.xml'))).toBe(true);
  });
});
