import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { Engine } from '../engine.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { readLink } from '../trunk/links.js';
import { trunkOf } from '../trunk/index.js';
import { ciOf } from './index.js';
import { loadOperators } from '../config/operators.js';
import { startServer } from '../api/server.js';
import { rawRequest } from '../api/http-test-client.js';

const operator = { name: 'tester', role: 'operator' as const };

async function drain(engine: Engine): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await ciOf(engine).tick();
    await ciOf(engine).jobs.idle();
    if (ciOf(engine).store.runsIn('queued').length === 0) return;
  }
  throw new Error('job queue never drained');
}

describe('CI jobs on the local pool, voting on real repos', () => {
  let fx: Fixture;
  let engine: Engine;
  let hash: string;

  beforeAll(async () => {
    // pkg-c needs a package nobody builds: repoclosure and the install check must catch it.
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b', requires: ['pkg-a'] }, { name: 'pkg-c', requires: ['ghost-dep'] }]);
    writeFileSync(join(fx.configDir, 'vanish.sh'), 'echo "pulling the plug on $NODE_WORKSPACE"\nrm -rf "$NODE_WORKSPACE"\nexit 1\n');
    writePipeline(
      fx.configDir,
      `${shippedPipeline()}
  - name: hang
    timeout: 1
    argv: [sleep, "60"]
  - name: vanish
    timeout: 30
    script: vanish.sh
  - name: env
    timeout: 30
    argv: [env]
`
        .replace('promotions:', 'promotions_:')
        .replace(/promotions_:[\s\S]*?(?=\n {2}- name: hang)/, '')
        .replace(/\njobs:/, '\njobs:'),
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    hash = repoHashOf(readLink(engine.paths.reposDir, 'consistent')!);
  }, 120_000);
  afterAll(() => engine?.close());

  it('queues every job the new consistent hash triggers, runs them on nodes and votes by exit status', async () => {
    // The first pass published three repos, each consistent in turn: runs not started yet on an older hash
    // are superseded, so only the newest consistent hash waits with its three jobs.
    const queued = ciOf(engine).store.runsIn('queued');
    expect(new Set(queued.map((r) => r.repo_path)).size).toBe(1);
    const superseded = ciOf(engine).store.runsIn('superseded');
    expect(superseded.length).toBeGreaterThan(0);
    expect(superseded.every((r) => /^superseded: consistent moved to /.test(r.error ?? ''))).toBe(true);
    expect(ciOf(engine).store.runsIn('error')).toEqual([]);
    expect(
      queued
        .filter((r) => r.repo_path === readLink(engine.paths.reposDir, 'consistent'))
        .map((r) => r.job)
        .sort(),
    ).toEqual(['install-check', 'repoclosure', 'rpm-sanity']);
    await drain(engine);
    const repo = ciOf(engine).store.repoByPath(readLink(engine.paths.reposDir, 'consistent')!)!;
    const votes = ciOf(engine).store.votesOn(repo.commit_hash, repo.distro_hash);
    const final = Object.fromEntries(votes.filter((v) => !v.ci_in_progress).map((v) => [v.ci_name, v.ci_vote]));
    expect(final).toEqual({ repoclosure: 0, 'rpm-sanity': 1, 'install-check': 0 });
    expect(
      votes
        .filter((v) => v.ci_in_progress)
        .map((v) => v.ci_name)
        .sort(),
    ).toEqual(['install-check', 'repoclosure', 'rpm-sanity']);
    expect(votes.filter((v) => v.ci_in_progress).every((v) => v.timestamp <= votes.find((f) => f.ci_name === v.ci_name && !f.ci_in_progress)!.timestamp)).toBe(
      true,
    );
    expect(votes.every((v) => v.user === 'rdo-console')).toBe(true);
    const closure = ciOf(engine).store.runsOf('repoclosure', repo.commit_hash, repo.distro_hash)[0]!;
    expect(closure.state).toBe('failure');
    expect(closure.log_path).toBe(join(fx.dataDir, 'logs', 'jobs', String(closure.id), 'job.log'));
    expect(readFileSync(closure.log_path!, 'utf8')).toMatch(/ghost-dep/);
    expect(readFileSync(ciOf(engine).store.runsOf('install-check', repo.commit_hash, repo.distro_hash)[0]!.log_path!, 'utf8')).toMatch(
      /nothing provides ghost-dep/,
    );
    expect(readFileSync(ciOf(engine).store.runsOf('rpm-sanity', repo.commit_hash, repo.distro_hash)[0]!.log_path!, 'utf8')).toMatch(
      /rpm-sanity: 6 RPMs verified/,
    );
    // Every node a job used was cleaned up; the pool is back to min-ready.
    await ciOf(engine).pool.tick();
    expect(
      ciOf(engine)
        .store.nodes()
        .map((n) => n.state),
    ).toEqual(['ready', 'ready', 'ready']);
    const started = engine.events.read(0).filter((e) => e.type === 'job.started');
    for (const e of started) expect(existsSync(join(fx.dataDir, 'nodes', e.type === 'job.started' ? e.payload.node : ''))).toBe(false);
  }, 60_000);

  it("votes carry the job log's http URL from baseurl, and the daemon serves it read-only at /logs/", async () => {
    const repo = ciOf(engine).store.repoByPath(readLink(engine.paths.reposDir, 'consistent')!)!;
    const closure = ciOf(engine).store.runsOf('repoclosure', repo.commit_hash, repo.distro_hash)[0]!;
    const vote = ciOf(engine)
      .store.votesOn(repo.commit_hash, repo.distro_hash)
      .find((v) => v.ci_name === 'repoclosure' && !v.ci_in_progress)!;
    expect(vote.ci_url).toBe(`http://127.0.0.1:1/logs/${closure.id}/job.log`);
    const server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(fx.configDir) });
    try {
      const log = await rawRequest(server.url, new URL(vote.ci_url).pathname);
      expect(log).toMatchObject({ status: 200, body: readFileSync(closure.log_path!, 'utf8') });
      expect(log.body).toMatch(/ghost-dep/);
      expect(log.headers['content-type']).toMatch(/^text\/plain/);
      expect((await rawRequest(server.url, '/logs/')).body).toContain(`<a href="${closure.id}/">${closure.id}/</a>`);
      for (const path of ['/logs/../trunk.db', '/logs/%2e%2e/engine.log', `/logs/${closure.id}/../../engine.log`]) {
        expect((await rawRequest(server.url, path)).status, path).toBe(403);
      }
      expect((await rawRequest(server.url, `/logs/${closure.id}/job.log`, 'DELETE')).status).toBe(405);
      expect(readFileSync(closure.log_path!, 'utf8')).toMatch(/ghost-dep/);
    } finally {
      await server.close();
    }
  });

  it('does not queue a job twice for the same hash, but an operator can re-run it', async () => {
    ciOf(engine).jobs.catchUp();
    expect(ciOf(engine).store.runsIn('queued')).toHaveLength(0);
    const r = await engine.dispatch({ name: 'jobs.run', args: { job: 'env', hash } }, operator);
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^env queued on /) });
    await drain(engine);
    const run = ciOf(engine)
      .store.runsIn('success')
      .find((x) => x.job === 'env')!;
    const env = readFileSync(run.log_path!, 'utf8');
    const repo = ciOf(engine).store.repoByPath(run.repo_path)!;
    expect(env).toContain(`REPO_PATH=${join(engine.paths.reposDir, repo.path)}\n`);
    expect(env).toContain(`REPO_URL=http://127.0.0.1:1/repos/${repo.path}\n`);
    expect(env).toContain(`COMMIT_HASH=${repo.commit_hash}\n`);
    expect(env).toContain(`DISTRO_HASH=${repo.distro_hash}\n`);
    expect(env).toContain('JOB_NAME=env\n');
    expect(env).toMatch(new RegExp(`NODE_WORKSPACE=${join(fx.dataDir, 'nodes')}/local-el9-\\d+\n`));
  }, 30_000);

  it('refuses unknown jobs and hashes with a clear message', async () => {
    expect(await engine.dispatch({ name: 'jobs.run', args: { job: 'nope', hash } }, operator)).toMatchObject({
      ok: false,
      message: 'no job named "nope" in pipeline.yml',
    });
    expect(await engine.dispatch({ name: 'jobs.run', args: { job: 'env', hash: 'deadbeef_12345678' } }, operator)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no hashed repo matches deadbeef_12345678/),
    });
    expect(await engine.dispatch({ name: 'jobs.run', args: { job: 'env', hash: 'x/../../y' } }, operator)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/neither a repo hash/),
    });
  });

  it('kills a job at its timeout and votes failure', async () => {
    const started = Date.now();
    await engine.dispatch({ name: 'jobs.run', args: { job: 'hang', hash } }, operator);
    await drain(engine);
    expect(Date.now() - started).toBeLessThan(10_000);
    const run = ciOf(engine)
      .store.runsIn('failure')
      .find((r) => r.job === 'hang')!;
    expect(run.error).toBe('timed out after 1s');
    const vote = ciOf(engine)
      .store.votesOn(run.commit_hash, run.distro_hash)
      .filter((v) => v.ci_name === 'hang' && !v.ci_in_progress);
    expect(vote).toMatchObject([{ ci_vote: 0, notes: 'timed out after 1s' }]);
    expect(readFileSync(run.log_path!, 'utf8')).toMatch(/timed out after 1s/);
  }, 30_000);

  it('a node that dies mid-job frees its slot and the job is retried once, then votes failure', async () => {
    await engine.dispatch({ name: 'jobs.run', args: { job: 'vanish', hash } }, operator);
    await drain(engine);
    const repo = ciOf(engine).store.repoByPath(readLink(engine.paths.reposDir, 'consistent')!)!;
    const runs = ciOf(engine).store.runsOf('vanish', repo.commit_hash, repo.distro_hash);
    expect(runs.map((r) => [r.attempt, r.state])).toEqual([
      [1, 'error'],
      [2, 'error'],
    ]);
    expect(runs[0]!.error).toMatch(/went away during the job/);
    expect(runs[0]!.node_id).not.toBe(runs[1]!.node_id);
    const votes = ciOf(engine)
      .store.votesOn(repo.commit_hash, repo.distro_hash)
      .filter((v) => v.ci_name === 'vanish' && !v.ci_in_progress);
    expect(votes).toMatchObject([{ ci_vote: 0, notes: expect.stringMatching(/attempt 2 of 2/) }]);
    await ciOf(engine).pool.tick();
    expect(
      ciOf(engine)
        .store.nodes()
        .filter((n) => n.state === 'ready'),
    ).toHaveLength(3);
  }, 30_000);
});
