import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { writePipeline } from '../../test-support/pipeline-fixture.js';
import { hashPassword, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { readLink } from '../trunk/links.js';
import { ciOf } from '../ci/index.js';
import { dlrnApi } from '../api/dlrn-api.js';
import { callApi } from '../api/dlrn-test-client.js';
import { startServer, type RunningServer } from '../api/server.js';
import { LocalClient } from '../client/local-client.js';

async function until(what: string, ok: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PIPELINE = `pool:
  label: local-el9
  max-servers: 3
  min-ready: 2
  launch-retries: 1
jobs:
  - name: repoclosure
    trigger: consistent
    timeout: 120
    argv: [dnf, --quiet, repoclosure, --releasever=9, --setopt=reposdir=/nonexistent, "--setopt=cachedir=\${NODE_WORKSPACE}/dnf-cache", --repofrompath, "id,\${REPO_PATH}", --repo, id]
  - name: integration
    external: true
promotions:
  - label: promoted-components
    candidate_label: consistent
    criteria: [repoclosure]
  - label: tripleo-ci-testing
    candidate_label: promoted-components
    criteria: [integration]
    aggregate: true
promoter:
  interval: 3600
`;

describe('end to end with components: upstream commit → component repos → component promotions → aggregate vote → aggregate promotion', () => {
  let engine: Engine | undefined;
  let loops: EngineLoops | undefined;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    await loops?.stop();
    if (engine) await ciOf(engine).jobs.idle();
    await engine?.close();
  });

  it('promotes every component of the voted aggregate in one batch, with nobody but CI touching it', async () => {
    const fx = await createFixture(
      [
        { name: 'pkg-a', component: 'alpha' },
        { name: 'pkg-b', component: 'alpha', requires: ['pkg-a'] },
        { name: 'pkg-c', component: 'beta' },
      ],
      { 'run-interval': 1, 'use-components': true },
    );
    writePipeline(fx.configDir, PIPELINE);
    writeFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    const operators = loadOperators(fx.configDir);
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [dlrnApi(engine, operators)] });
    loops = new EngineLoops(engine);
    loops.start();
    const reposDir = engine.paths.reposDir;
    const componentLink = (c: string, name: string) => readLink(join(reposDir, 'component', c), name);
    const md5Of = (label: string) => {
      try {
        return readFileSync(join(reposDir, label, 'delorean.repo.md5'), 'utf8');
      } catch {
        return null;
      }
    };
    const both = (name: string) => ['alpha', 'beta'].every((c) => componentLink(c, name) !== null && componentLink(c, name) === componentLink(c, 'consistent'));

    await until('both components promoted to promoted-components', () => both('promoted-components'));
    const hash = await fx.commit('pkg-a');
    await until('alpha promoted-components at the new commit', () => componentLink('alpha', 'promoted-components')?.includes(hash) ?? false);
    const aggregate = md5Of('promoted-components')!;
    expect(readFileSync(join(reposDir, 'promoted-components', 'delorean.repo'), 'utf8')).toContain(hash);
    expect(readLink(reposDir, 'tripleo-ci-testing')).toBeNull();

    const vote = await callApi(server.url, 'POST', '/api/report_result', {
      auth: ['ci', 'ci-pass'],
      body: { job_id: 'integration', url: 'http://ci.example/1', timestamp: Math.floor(Date.now() / 1000), success: 'true', aggregate_hash: aggregate },
    });
    expect(vote.status).toBe(201);
    await until('tripleo-ci-testing at the voted aggregate', () => md5Of('tripleo-ci-testing') === aggregate);
    for (const c of ['alpha', 'beta']) expect(componentLink(c, 'tripleo-ci-testing')).toBe(componentLink(c, 'promoted-components'));
    const promotions = ciOf(engine)
      .store.promotions({})
      .filter((p) => p.promote_name === 'tripleo-ci-testing');
    expect(promotions.map((p) => [p.aggregate_hash, p.user, p.repo_path.split('/')[1]]).sort()).toEqual([
      [aggregate, 'promoter', 'alpha'],
      [aggregate, 'promoter', 'beta'],
    ]);
    const listed = await callApi(server.url, 'GET', `/api/promotions?aggregate_hash=${aggregate}&promote_name=tripleo-ci-testing`);
    expect((listed.json as unknown[]).length).toBe(2);
    const labels = (await new LocalClient(engine, { name: 'tester', role: 'viewer' }).query('promotions.labels', {})).labels;
    expect(labels.find((l) => l.label === 'tripleo-ci-testing')).toMatchObject({ holds: readLink(reposDir, 'tripleo-ci-testing'), repoHash: aggregate });
  }, 90_000);
});
