import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../test-support/cli.js';
import { createFixture, type Fixture } from '../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../test-support/pipeline-fixture.js';
import { Engine } from '../engine/engine.js';
import { repoHashOf } from '../engine/trunk/hashed-path.js';
import { readLink } from '../engine/trunk/links.js';
import { trunkOf } from '../engine/trunk/index.js';
import { ciOf } from '../engine/ci/index.js';

describe('pipeline subcommands (real binary)', () => {
  let fx: Fixture;
  let hash: string;
  let commit: string;
  const run = (...args: string[]) => cli([...args, '--config', fx.configDir, '--data', fx.dataDir]);

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }]);
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 2, 'min-ready': 1 }));
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    engine.takeLock();
    await trunkOf(engine).trunk.runPass();
    const path = readLink(engine.paths.reposDir, 'consistent')!;
    hash = repoHashOf(path);
    commit = ciOf(engine).store.repoByPath(path)!.commit_hash;
    engine.close();
  }, 60_000);

  it('jobs run runs the job here and exits with its verdict; votes shows it', async () => {
    const r = await run('jobs', 'run', 'rpm-sanity', hash);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/rpm-sanity queued on .*\n[\s\S]*rpm-sanity success \(log .*job\.log\)/);
    expect(r.code).toBe(0);
    const v = await run('votes', commit, '--json');
    expect(v.code).toBe(0);
    const body = JSON.parse(v.stdout) as { repo_hash: string; votes: { ci_name: string; ci_vote: number; ci_in_progress: number }[] };
    expect(body.repo_hash).toBe(hash);
    // The run asked for, plus the one the consistent link triggered (the CLI drives the whole queue).
    const mine = body.votes.filter((x) => x.ci_name === 'rpm-sanity').map((x) => [x.ci_in_progress, x.ci_vote]);
    expect(mine).toContainEqual([1, 0]);
    expect(mine.filter(([progress]) => !progress)).toEqual(mine.filter(([progress]) => !progress).map(() => [0, 1]));
    const text = await run('votes', hash);
    expect(text.stdout, text.stderr).toMatch(/rpm-sanity\s+IN PROGRESS/);
    expect(text.stdout).toMatch(/rpm-sanity\s+SUCCESS/);
  }, 60_000);

  it('pool list shows the nodes', async () => {
    const r = await run('pool', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NODE\s+STATE\s+SINCE\s+AGE\s+JOB/);
    expect(r.stdout).toMatch(/local-el9-\d{4}\s+ready/);
    const j = JSON.parse((await run('pool', 'list', '--json')).stdout) as { nodes: { state: string }[] };
    expect(j.nodes.length).toBeGreaterThan(0);
  });

  it('promoter run --once --dry-run moves nothing; promote moves a label; promotions lists it', async () => {
    const dry = await run('promoter', 'run', '--once', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing moved/);
    expect(dry.stdout).toMatch(/tripleo-ci-testing <- consistent: holds \(nothing\)/);
    expect(readLink(join(fx.dataDir, 'repos'), 'tripleo-ci-testing')).toBeNull();

    const bad = await run('promote', hash, 'consistent');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/consistent is moved by the trunk/);
    const unknown = await run('promote', 'abcdef12_12345678', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/no hashed repo matches abcdef12_12345678/);

    const ok = await run('promote', hash, 'tripleo-ci-testing');
    expect(ok).toMatchObject({ code: 0, stdout: `tripleo-ci-testing -> ${hash}\n`.trimEnd() });
    const list = await run('promotions');
    expect(list.stdout).toMatch(new RegExp(`tripleo-ci-testing\\s+${hash}\\s+-\\s+\\S+@cli`));
    const json = JSON.parse((await run('promotions', '--json')).stdout) as { promote_name: string }[];
    expect(json.map((p) => p.promote_name)).toEqual(['tripleo-ci-testing']);
  }, 30_000);

  it('bad usage and a bad pipeline.yml exit 2', async () => {
    expect((await run('promote', hash)).code).toBe(2);
    expect((await run('votes')).code).toBe(2);
    writeFileSync(join(fx.configDir, 'pipeline.yml'), 'promotions:\n  - label: t1\n    candidate_label: consistent\n    criteria: [nojob]\n');
    const r = await run('pool', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline\.yml:4: promotions\[0\]\.criteria\[0\]: names no job of jobs: \(got "nojob"\)/);
  });
});
