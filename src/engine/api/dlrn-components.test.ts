import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { writePipeline } from '../../test-support/pipeline-fixture.js';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { hashPassword, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import { promoteRepos } from '../promotions/batch.js';
import { promotionsOf } from '../promotions/index.js';
import { applyPromotion } from '../promotions/promote.js';
import { readLink } from '../trunk/links.js';
import { ciOf } from '../ci/index.js';
import { trunkOf } from '../trunk/index.js';
import { dlrnApi } from './dlrn-api.js';
import { callApi, type ApiCall } from './dlrn-test-client.js';
import { startServer, type RunningServer } from './server.js';

const CI: [string, string] = ['ci', 'ci-pass'];
const BASEURL = 'http://127.0.0.1:1/repos';

describe('the DLRN API with components on, on a live daemon', () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  let A: RepoRef, C: RepoRef;
  const get = (path: string, call?: ApiCall) => callApi(server.url, 'GET', path, call);
  const post = (path: string, body: unknown) => callApi(server.url, 'POST', path, { auth: CI, body });
  const hashes = (r: RepoRef) => ({ commit_hash: r.commit_hash, distro_hash: r.distro_hash });
  const repoFile = (label: string) => readFileSync(join(engine.paths.reposDir, label, 'delorean.repo'), 'utf8');
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const message = (r: { json: unknown }) => (r.json as { message: string }).message;

  beforeAll(async () => {
    fx = await createFixture(
      [
        { name: 'pkg-a', component: 'alpha' },
        { name: 'pkg-b', component: 'alpha' },
        { name: 'pkg-c', component: 'beta' },
      ],
      { 'use-components': true },
    );
    writePipeline(fx.configDir, 'jobs:\n  - { name: job-a, external: true }\n');
    writeFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    const repos = ciOf(engine).store.recentRepos(10);
    A = repos.find((r) => r.package === 'pkg-a')!;
    C = repos.find((r) => r.package === 'pkg-c')!;
    const operators = loadOperators(fx.configDir);
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [dlrnApi(engine, operators)] });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await engine?.close();
  });

  it('promote moves the component link and answers with the repo under component/<name>/ and the aggregate hash', async () => {
    const r = await post('/api/promote', { ...hashes(A), promote_name: 'promoted-components' });
    expect(r.status).toBe(201);
    const body = r.json as Record<string, unknown>;
    const h = A.commit_hash;
    expect(body.repo_url).toBe(`${BASEURL}/component/alpha/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}_${A.distro_hash.slice(0, 8)}`);
    expect(body.component).toBe('alpha');
    expect(readLink(join(engine.paths.reposDir, 'component', 'alpha'), 'promoted-components')).toBe(A.path.replace('component/alpha/', ''));
    const agg = repoFile('promoted-components');
    expect(agg).toContain(`baseurl=${BASEURL}/${A.path}`);
    expect(agg).not.toContain('component/beta');
    expect(body.aggregate_hash).toBe(md5(agg));
    expect(readFileSync(join(engine.paths.reposDir, 'promoted-components', 'delorean.repo.md5'), 'utf8')).toBe(md5(agg));

    const listed = await get(`/api/promotions?aggregate_hash=${md5(agg)}`);
    expect((listed.json as { repo_hash: string; component: string }[]).map((p) => [p.component, p.repo_hash])).toEqual([['alpha', A.path.split('/').at(-1)]]);
    expect(((await get('/api/promotions?component=beta')).json as unknown[]).length).toBe(0);
    expect(((await get('/api/promotions?component=alpha')).json as unknown[]).length).toBe(1);
  });

  it('promote-batch moves every component link, then records one aggregate on each of its promotions', async () => {
    const r = await post('/api/promote-batch', [
      { ...hashes(A), promote_name: 'tripleo-ci-testing' },
      { ...hashes(C), promote_name: 'tripleo-ci-testing' },
    ]);
    expect(r.status).toBe(201);
    const agg = repoFile('tripleo-ci-testing');
    expect(agg).toContain(A.path);
    expect(agg).toContain(C.path);
    const h = md5(agg);
    expect((r.json as { aggregate_hash: string }).aggregate_hash).toBe(h);
    const listed = (await get(`/api/promotions?aggregate_hash=${h}`)).json as { component: string; promote_name: string }[];
    expect(listed.map((p) => [p.promote_name, p.component])).toEqual([
      ['tripleo-ci-testing', 'beta'],
      ['tripleo-ci-testing', 'alpha'],
    ]);
  });

  it('a promote-batch naming an unknown repo moves nothing', async () => {
    const before = readLink(engine.paths.reposDir, 'tripleo-ci-testing');
    const r = await post('/api/promote-batch', [
      { ...hashes(A), promote_name: 'other-label' },
      { commit_hash: 'f'.repeat(40), distro_hash: 'e'.repeat(40), promote_name: 'other-label' },
    ]);
    expect(r.status).toBe(400);
    expect(readLink(engine.paths.reposDir, 'tripleo-ci-testing')).toBe(before);
    expect(readLink(join(engine.paths.reposDir, 'component', 'alpha'), 'other-label')).toBeNull();
  });

  it('votes on an aggregate: report_result with aggregate + commit is 400, alone 201, then agg_status and last_tested_repo see it', async () => {
    const h = md5(repoFile('tripleo-ci-testing'));
    const base = { job_id: 'integration', url: 'http://ci/1', timestamp: 1_700_000_000, success: 'true' };
    const both = await post('/api/report_result', { ...base, ...hashes(A), aggregate_hash: h });
    expect([both.status, message(both)]).toEqual([400, 'aggregate_hash and commit/distro_hash cannot be combined']);
    const ok = await post('/api/report_result', { ...base, aggregate_hash: h });
    expect(ok.status).toBe(201);
    const votes = (await get(`/api/agg_status?aggregate_hash=${h}`)).json as { job_id: string; success: boolean }[];
    expect(votes).toEqual([expect.objectContaining({ job_id: 'integration', success: true, aggregate_hash: h })]);

    await post('/api/report_result', { ...base, ...hashes(C), job_id: 'component-job' });
    const tested = await get(`/api/last_tested_repo?max_age=0&aggregate_hash=${h}&job_id=component-job`);
    expect([tested.status, (tested.json as { commit_hash: string; component: string }).component]).toEqual([200, 'beta']);
  });

  it('refuses an unknown component and a hash that is not hex, naming them', async () => {
    const unknown = await get('/api/last_tested_repo?max_age=0&component=gamma');
    expect([unknown.status, message(unknown)]).toEqual([400, 'Unknown component "gamma" (components: alpha, beta)']);
    const unknownPromotions = await get('/api/promotions?component=gamma');
    expect(unknownPromotions.status).toBe(400);
    const notHex = await get('/api/promotions?aggregate_hash=not-a-hash');
    expect([notHex.status, message(notHex)]).toEqual([400, 'aggregate_hash must be an md5 hex hash (32 characters 0-9a-f)']);
    const unknownAgg = await get(`/api/last_tested_repo?max_age=0&aggregate_hash=${'0'.repeat(32)}`);
    expect([unknownAgg.status, message(unknownAgg)]).toEqual([400, 'aggregate_hash not found']);
    const traversal = await post('/api/promote', { ...hashes(A), promote_name: '../consistent' });
    expect(traversal.status).toBe(403);
  });

  it('a batch whose second move fails puts the first link back and records nothing', () => {
    const alphaDir = join(engine.paths.reposDir, 'component', 'alpha');
    const betaDir = join(engine.paths.reposDir, 'component', 'beta');
    const ctx = promotionsOf(engine).promotion;
    const promotions = () => ctx.store.promotions({ label: 'failing-label' }).length;
    const events = () => engine.events.read(0, 100_000).filter((e) => e.type === 'promotion').length;
    const before = { promotions: promotions(), events: events() };
    // A directory where beta's link would go: the promoter's path (promoteRepos) does not check for one.
    mkdirSync(join(betaDir, 'failing-label'));
    expect(() =>
      promoteRepos(ctx, [
        { label: 'failing-label', repo: A, actor: 'ci' },
        { label: 'failing-label', repo: C, actor: 'ci' },
      ]),
    ).toThrow(/failing-label.*is not a link/);
    expect(engine.events.read(0, 100_000).some((e) => e.type === 'link.moved' && e.payload.name === 'component/alpha/failing-label')).toBe(true);
    expect(readLink(alphaDir, 'failing-label')).toBeNull();
    expect([promotions(), events(), new PromotionIntents(engine.db).pending()]).toEqual([before.promotions, before.events, []]);
    rmSync(join(betaDir, 'failing-label'), { recursive: true });
  });

  it('a batch cut short by a crash after its first move is finished on the next start: every link moved, recorded once', async () => {
    const alphaDir = join(engine.paths.reposDir, 'component', 'alpha');
    const betaDir = join(engine.paths.reposDir, 'component', 'beta');
    expect([readLink(alphaDir, 'crash-label'), readLink(betaDir, 'crash-label')]).toEqual([null, null]);
    // What moveLabels does up to the crash: every promotion of the batch recorded, then the first link moved.
    const row = (r: RepoRef) => ({
      commit_hash: r.commit_hash,
      distro_hash: r.distro_hash,
      extended_hash: r.extended_hash,
      repo_path: r.path,
      promote_name: 'crash-label',
      previous_path: null,
      aggregate_hash: null,
      user: 'ci',
      timestamp: Date.now(),
    });
    const recorded = new PromotionIntents(engine.db).record([row(A), row(C)]);
    applyPromotion(promotionsOf(engine).promotion, recorded[0]!);
    expect([readLink(alphaDir, 'crash-label'), readLink(betaDir, 'crash-label')]).toEqual([A.path.replace('component/alpha/', ''), null]);
    await server.close();
    await engine.close();
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    expect([readLink(alphaDir, 'crash-label'), readLink(betaDir, 'crash-label')]).toEqual([
      A.path.replace('component/alpha/', ''),
      C.path.replace('component/beta/', ''),
    ]);
    const agg = repoFile('crash-label');
    expect(agg).toContain(`baseurl=${BASEURL}/${A.path}`);
    expect(agg).toContain(`baseurl=${BASEURL}/${C.path}`);
    const rows = promotionsOf(engine).promotion.store.promotions({ label: 'crash-label' });
    expect(rows.map((p) => [p.repo_path, p.aggregate_hash]).sort()).toEqual([
      [A.path, md5(agg)],
      [C.path, md5(agg)],
    ]);
    expect(new PromotionIntents(engine.db).pending()).toEqual([]);
    const events = engine.events.read(0, 100_000).filter((e) => e.type === 'promotion' && e.payload.label === 'crash-label');
    expect(events.map((e) => (e.payload as { to: string }).to).sort()).toEqual([A.path, C.path]);
  });
});
