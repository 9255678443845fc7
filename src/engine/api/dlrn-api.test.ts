import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { writePipeline } from '../../test-support/pipeline-fixture.js';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { hashPassword, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { readLink } from '../trunk/links.js';
import { dlrnApi } from './dlrn-api.js';
import { callApi, type ApiCall } from './dlrn-test-client.js';
import { startServer, type RunningServer } from './server.js';
import { trunkOf } from '../trunk/index.js';
import { ciOf } from '../ci/index.js';

const CI: [string, string] = ['ci', 'ci-pass'];

describe('the DLRN API on a real daemon and store', () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  /** A1 and B1 from the first pass, A2 from the second; B2 (pkg-b) then FAILED. */
  let A1: RepoRef, B1: RepoRef, A2: RepoRef;
  let failed: { commit_hash: string; distro_hash: string };
  const api = (method: string, path: string, call?: ApiCall) => callApi(server.url, method, path, call);
  const get = (path: string, call?: ApiCall) => api('GET', path, call);
  const post = (path: string, body: unknown, call: ApiCall = {}) => api('POST', path, { auth: CI, ...call, body });
  const hashes = (r: RepoRef) => ({ commit_hash: r.commit_hash, distro_hash: r.distro_hash });
  const qs = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
  const link = (name: string) => readLink(engine.paths.reposDir, name);

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    writePipeline(
      fx.configDir,
      'jobs:\n  - { name: job-a, external: true }\npromotions:\n  - { label: tripleo-ci-testing, candidate_label: consistent, criteria: [job-a] }\n',
    );
    writeFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-b', 'break');
    await trunkOf(engine).trunk.runPass();
    const repos = ciOf(engine).store.recentRepos(10).reverse();
    expect(repos.map((r) => r.package).sort()).toEqual(['pkg-a', 'pkg-a', 'pkg-b']);
    [A1, A2] = repos.filter((r) => r.package === 'pkg-a') as [RepoRef, RepoRef];
    B1 = repos.find((r) => r.package === 'pkg-b')!;
    const last = trunkOf(engine).store.lastCommit('pkg-b')!;
    expect(last.state).toBe('FAILED');
    failed = { commit_hash: last.commit_hash, distro_hash: last.distro_hash };
    const operators = loadOperators(fx.configDir);
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [dlrnApi(engine, operators)] });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    engine?.close();
  });
  afterEach(async () => {
    expect((await get('/api/health')).json).toEqual({ result: 'ok' });
  });

  describe('credentials, media type, methods and body size', () => {
    it('POSTs without credentials are 401 with a Basic challenge, and change nothing', async () => {
      const before = ciOf(engine).store.votesOn(A2.commit_hash, A2.distro_hash).length;
      const r = await post('/api/report_result', { ...hashes(A2), job_id: 'j', url: '', timestamp: 1, success: true }, { auth: undefined });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Basic /);
      expect(r.json).toEqual({ message: expect.stringContaining('credentials') });
      expect(ciOf(engine).store.votesOn(A2.commit_hash, A2.distro_hash)).toHaveLength(before);
    });

    it('a wrong password or an unknown user is 401', async () => {
      for (const auth of [
        ['ci', 'nope'],
        ['nobody', 'ci-pass'],
      ] as [string, string][]) {
        const r = await post('/api/promote', { ...hashes(A2), promote_name: 'x' }, { auth });
        expect(r.status).toBe(401);
        expect(r.json).toEqual({ message: 'wrong user or password' });
      }
      expect(link('x')).toBeNull();
    });

    it('past the password-check queue a POST is 429 "too many authentication attempts in progress", and changes nothing', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, () => post('/api/promote', { ...hashes(A2), promote_name: 'x' }, { auth: ['ci', 'nope'] })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(10);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.json).toEqual({ message: 'too many authentication attempts in progress' });
      expect(link('x')).toBeNull();
      // Once they are through, credentials are checked again.
      expect((await post('/api/promote', { ...hashes(A2), promote_name: 'x' }, { auth: ['ci', 'nope'] })).status).toBe(401);
    });

    it('a POST that is not application/json is 415', async () => {
      const form = await post('/api/promote', 'commit_hash=a', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
      expect(form.json).toEqual({ message: 'Unsupported Media Type, use JSON' });
      expect((await post('/api/promote', '{}')).status).toBe(415);
      const charset = await post('/api/promote', JSON.stringify({}), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
      expect(charset.status).toBe(400);
    });

    it('a body over 1 MiB is 413, declared or streamed', async () => {
      const big = JSON.stringify({ notes: 'x'.repeat(1024 * 1024 + 10) });
      const declared = await post('/api/report_result', big, { headers: { 'Content-Type': 'application/json' } });
      expect(declared.status).toBe(413);
      expect(declared.json).toEqual({ message: expect.stringContaining('larger than') });
      const streamed = await post('/api/report_result', big, { headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } });
      expect(streamed.status).toBe(413);
      const getBody = await get('/api/repo_status', { body: big, headers: { 'Content-Type': 'application/json' } });
      expect(getBody.status).toBe(413);
    });

    it('malformed JSON is 400; a body that is not an object is 400', async () => {
      const bad = await post('/api/report_result', '{"job_id": ', { headers: { 'Content-Type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({ message: expect.stringContaining('malformed JSON') });
      expect((await post('/api/promote', [1, 2])).status).toBe(400);
      expect((await post('/api/promote', 'null', { headers: { 'Content-Type': 'application/json' } })).json).toEqual({
        message: 'the JSON body must be an object',
      });
      const badGet = await get('/api/repo_status', { body: '{oops', headers: { 'Content-Type': 'application/json' } });
      expect(badGet.status).toBe(400);
    });

    it('the wrong method is 405 with Allow; an unknown endpoint is 404', async () => {
      const g = await get('/api/promote');
      expect(g.status).toBe(405);
      expect(g.headers.allow).toBe('POST');
      const p = await post('/api/repo_status', {});
      expect(p.status).toBe(405);
      expect(p.headers.allow).toBe('GET, HEAD');
      expect((await api('DELETE', '/api/last_tested_repo')).headers.allow).toBe('GET, HEAD, POST');
      expect((await get('/api/nope')).status).toBe(404);
    });

    it('POST /api/health checks credentials', async () => {
      expect((await post('/api/health', {})).json).toEqual({ result: 'ok' });
      expect((await post('/api/health', {}, { auth: ['ci', 'x'] })).status).toBe(401);
    });
  });

  describe('votes: report_result, repo_status, last_tested_repo', () => {
    it('GET last_tested_repo with no votes answers the newest consistent repo', async () => {
      const r = await get(`/api/last_tested_repo?max_age=0`);
      expect(r.status).toBe(200);
      const consistent = ciOf(engine).store.consistentRepos(1)[0]!;
      expect(r.json).toEqual({
        ...hashes(consistent),
        extended_hash: null,
        timestamp: Math.floor(consistent.created_at / 1000),
        job_id: 'consistent',
        success: true,
        in_progress: false,
        user: 'rdo-console',
        component: expect.any(String),
      });
      expect((await get('/api/last_tested_repo?max_age=0&success=false')).status).toBe(400);
    });

    it('report_result records a vote (timestamp in seconds) and answers 201 with it', async () => {
      const r = await post('/api/report_result', { ...hashes(A1), job_id: 'job-a', url: 'http://ci/1', timestamp: '1700000000', success: 'true', notes: 'ok' });
      expect(r.status).toBe(201);
      expect(r.json).toEqual({
        ...hashes(A1),
        extended_hash: null,
        aggregate_hash: null,
        timestamp: 1700000000,
        job_id: 'job-a',
        success: true,
        in_progress: false,
        url: 'http://ci/1',
        notes: 'ok',
        user: 'ci',
        component: expect.any(String),
      });
      expect(ciOf(engine).store.votesOn(A1.commit_hash, A1.distro_hash).at(-1)).toMatchObject({
        ci_name: 'job-a',
        ci_vote: 1,
        timestamp: 1700000000_000,
        user: 'ci',
      });
      const failing = await post('/api/report_result', { ...hashes(B1), job_id: 'job-b', url: '', timestamp: Math.floor(Date.now() / 1000), success: false });
      expect(failing.status).toBe(201);
      expect(failing.json).toMatchObject({ success: false, notes: '' });
    });

    it('report_result refuses missing fields, wrong types, half or mixed hashes, unknown hashes', async () => {
      const base = { ...hashes(A1), job_id: 'j', url: 'u', timestamp: 1, success: true };
      const cases: [unknown, RegExp][] = [
        [{ ...base, job_id: undefined, url: undefined }, /^Missing parameters: job_id, url$/],
        [{ ...base, timestamp: 'yesterday' }, /timestamp must be an integer/],
        [{ ...base, success: 'maybe' }, /success must be true or false/],
        [{ ...base, job_id: 42 }, /job_id must be a string/],
        [{ ...base, distro_hash: undefined }, /must be given together/],
        [{ ...base, aggregate_hash: 'abc' }, /cannot be combined/],
        [{ job_id: 'j', url: 'u', timestamp: 1, success: true }, /commit_hash and distro_hash, or aggregate_hash/],
        [{ ...base, commit_hash: 'f'.repeat(40) }, /combination not found/],
        [{ ...base, ...failed }, /combination not found/],
        [{ job_id: 'j', url: 'u', timestamp: 1, success: true, aggregate_hash: 'nope' }, /aggregate_hash not found/],
      ];
      for (const [body, message] of cases) {
        const r = await post('/api/report_result', body);
        expect([r.status, (r.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });

    it('repo_status lists the votes on a repo, by query string or by JSON body (as dlrnapi_client sends it)', async () => {
      const byQuery = await get(`/api/repo_status?${qs(hashes(A1))}`);
      expect(byQuery.status).toBe(200);
      expect(byQuery.json).toEqual([
        {
          ...hashes(A1),
          extended_hash: null,
          timestamp: 1700000000,
          job_id: 'job-a',
          success: true,
          in_progress: false,
          url: 'http://ci/1',
          notes: 'ok',
          user: 'ci',
          component: expect.any(String),
        },
      ]);
      const byBody = await get('/api/repo_status', { body: { ...hashes(A1), success: 'False' } });
      expect(byBody.json).toEqual([]);
      const both = await get(`/api/repo_status?success=True`, { body: { ...hashes(A1), success: 'False' } });
      expect(both.json).toHaveLength(1);
    });

    it('repo_status refuses missing and wrong parameters, unknown and failed repos with 400', async () => {
      const cases: [string, ApiCall | undefined, RegExp][] = [
        [`?commit_hash=${A1.commit_hash}`, undefined, /^Missing parameters: distro_hash$/],
        ['', { body: { commit_hash: 1, distro_hash: A1.distro_hash } }, /commit_hash must be a string/],
        [`?${qs({ ...hashes(A1), success: 'perhaps' })}`, undefined, /success must be true or false/],
        [`?${qs({ ...hashes(A1), commit_hash: 'f'.repeat(40) })}`, undefined, /combination not found/],
        [`?${qs(failed)}`, undefined, /combination not found/],
        [`?${qs({ ...hashes(A1), extended_hash: 'deadbeef' })}`, undefined, /combination not found/],
      ];
      for (const [query, call, message] of cases) {
        const r = await get(`/api/repo_status${query}`, call);
        expect([r.status, (r.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });

    it('GET last_tested_repo picks the newest vote of the job, else of any job; sequential mode does not fall back', async () => {
      const byJob = await get('/api/last_tested_repo?max_age=0&job_id=job-a');
      expect(byJob.json).toMatchObject({ ...hashes(A1), job_id: 'job-a', success: true, in_progress: false, timestamp: 1700000000 });
      const anyJob = await get('/api/last_tested_repo?max_age=0&job_id=never-voted');
      expect(anyJob.json).toMatchObject({ ...hashes(B1), job_id: 'job-b', success: false });
      const recent = await get('/api/last_tested_repo?max_age=1&success=true');
      expect(recent.json).toMatchObject({ job_id: 'consistent' });
      const client = await get('/api/last_tested_repo?max_age=0&sequential_mode=False', { body: { max_age: 0, success: 'true', sequential_mode: 'False' } });
      expect(client.json).toMatchObject({ job_id: 'job-a' });
      const seq = await get('/api/last_tested_repo', { body: { max_age: 0, sequential_mode: 'true', previous_job_id: 'job-b' } });
      expect(seq.json).toMatchObject({ ...hashes(B1), job_id: 'job-b' });
      const none = await get('/api/last_tested_repo?max_age=0&sequential_mode=true&previous_job_id=never-voted');
      expect([none.status, none.json]).toEqual([400, { message: 'No vote found' }]);
    });

    it('GET last_tested_repo refuses bad parameters with 400', async () => {
      const cases: [string, RegExp][] = [
        ['', /^Missing parameters: max_age$/],
        ['?max_age=-1', /max_age must be at least 0/],
        ['?max_age=soon', /max_age must be an integer/],
        ['?max_age=0&sequential_mode=true', /previous_job_id/],
        ['?max_age=0&sequential_mode=sometimes', /sequential_mode must be true or false/],
      ];
      for (const [query, message] of cases) {
        const r = await get(`/api/last_tested_repo${query}`);
        expect([r.status, (r.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });

    it('HEAD answers like GET without a body', async () => {
      const r = await api('HEAD', '/api/last_tested_repo?max_age=0');
      expect([r.status, r.text]).toEqual([200, '']);
    });

    it('POST last_tested_repo records an in-progress vote of reporting_job_id on the repo it picks', async () => {
      const r = await post('/api/last_tested_repo', { max_age: 0, job_id: 'job-a', reporting_job_id: 'job-c' });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ ...hashes(A1), job_id: 'job-c', success: false, in_progress: true, user: 'ci' });
      const status = await get(`/api/repo_status?${qs(hashes(A1))}`);
      expect(status.json).toContainEqual(expect.objectContaining({ job_id: 'job-c', in_progress: true, success: false, user: 'ci' }));
      const missing = await post('/api/last_tested_repo', { max_age: 0 });
      expect([missing.status, missing.json]).toEqual([400, { message: 'Missing parameters: reporting_job_id' }]);
      const noVote = await post('/api/last_tested_repo', { max_age: 0, reporting_job_id: 'x', sequential_mode: true, previous_job_id: 'never-voted' });
      expect(noVote.status).toBe(400);
    });
  });

  describe('promotions: promote, promote-batch, promotions', () => {
    it('promote moves the label and answers 201 in DLRN shape; re-promoting the same hash is allowed', async () => {
      const r = await post('/api/promote', { ...hashes(A2), promote_name: 'tripleo-ci-testing' });
      expect(r.status).toBe(201);
      expect(r.json).toEqual({
        ...hashes(A2),
        extended_hash: null,
        aggregate_hash: null,
        repo_hash: repoHashOf(A2.path),
        repo_url: `${engine.config.trunk.baseurl.replace(/\/$/, '')}/${A2.path}`,
        promote_name: 'tripleo-ci-testing',
        component: expect.any(String),
        timestamp: expect.any(Number),
        user: 'ci',
      });
      expect(Math.abs((r.json as { timestamp: number }).timestamp - Date.now() / 1000)).toBeLessThan(60);
      expect(link('tripleo-ci-testing')).toBe(A2.path);
      expect((await post('/api/promote', { ...hashes(A2), promote_name: 'tripleo-ci-testing' })).status).toBe(201);
      expect(link('tripleo-ci-testing')).toBe(A2.path);
    });

    it('promote refuses reserved and escaping names (403), unknown and failed hashes (400), purged repos (410), bad input (400)', async () => {
      const cases: [unknown, number, RegExp][] = [
        [{ ...hashes(A2), promote_name: 'current' }, 403, /current/],
        [{ ...hashes(A2), promote_name: 'consistent' }, 403, /consistent/],
        [{ ...hashes(A2), promote_name: '../x' }, 403, /repo root/],
        [{ ...hashes(A2), promote_name: 'a/b' }, 403, /repo root/],
        [{ ...hashes(A2), commit_hash: 'f'.repeat(40), promote_name: 'x' }, 400, /no repo/],
        [{ ...failed, promote_name: 'x' }, 400, /no repo/],
        [{ ...hashes(A2) }, 400, /^Missing parameters: promote_name$/],
        [{ ...hashes(A2), promote_name: ['x'] }, 400, /promote_name must be a string/],
      ];
      for (const [body, status, message] of cases) {
        const r = await post('/api/promote', body);
        expect([r.status, (r.json as { message: string }).message]).toEqual([status, expect.stringMatching(message)]);
      }
      trunkOf(engine).store.markPurged(B1.path, Date.now());
      const purged = await post('/api/promote', { ...hashes(B1), promote_name: 'x' });
      expect([purged.status, (purged.json as { message: string }).message]).toEqual([410, expect.stringMatching(/purged/)]);
      engine.db.prepare('UPDATE repos SET purged_at = NULL WHERE path = ?').run(B1.path);
      expect(link('x')).toBeNull();
    });

    it('promote-batch checks every promotion before moving any label', async () => {
      const bad = await post('/api/promote-batch', [
        { ...hashes(A1), promote_name: 'batch-1' },
        { ...hashes(A1), promote_name: 'current' },
      ]);
      expect(bad.status).toBe(403);
      expect(link('batch-1')).toBeNull();
      const unknown = await post('/api/promote-batch', [
        { ...hashes(A1), promote_name: 'batch-1' },
        { ...failed, promote_name: 'batch-2' },
      ]);
      expect(unknown.status).toBe(400);
      expect(link('batch-1')).toBeNull();
      const ok = await post('/api/promote-batch', [
        { ...hashes(A1), promote_name: 'batch-1' },
        { ...hashes(B1), promote_name: 'batch-2' },
      ]);
      expect(ok.status).toBe(201);
      expect(ok.json).toMatchObject({ ...hashes(B1), promote_name: 'batch-2', repo_hash: repoHashOf(B1.path), user: 'ci' });
      expect([link('batch-1'), link('batch-2')]).toEqual([A1.path, B1.path]);
      expect((await post('/api/promote-batch', { ...hashes(A1), promote_name: 'x' })).json).toEqual({ message: 'the JSON body must be a list of promotions' });
      expect((await post('/api/promote-batch', [])).status).toBe(400);
      expect((await post('/api/promote-batch', [{ ...hashes(A1) }])).json).toEqual({ message: 'Missing parameters: 0.promote_name' });
    });

    it('promotions lists newest first, filtered and paged (limit at most 100)', async () => {
      const all = (await get('/api/promotions')).json as { promote_name: string; commit_hash: string }[];
      expect(all.map((p) => p.promote_name)).toEqual(['batch-2', 'batch-1', 'tripleo-ci-testing', 'tripleo-ci-testing']);
      expect(all[0]).toEqual({
        ...hashes(B1),
        extended_hash: null,
        aggregate_hash: null,
        repo_hash: repoHashOf(B1.path),
        repo_url: expect.stringMatching(new RegExp(`/${B1.path}$`)),
        promote_name: 'batch-2',
        component: expect.any(String),
        timestamp: expect.any(Number),
        user: 'ci',
      });
      expect(((await get('/api/promotions?promote_name=tripleo-ci-testing')).json as unknown[]).length).toBe(2);
      expect(((await get(`/api/promotions?${qs(hashes(A1))}`)).json as { promote_name: string }[]).map((p) => p.promote_name)).toEqual(['batch-1']);
      expect(((await get('/api/promotions', { body: { promote_name: 'batch-1' } })).json as unknown[]).length).toBe(1);
      const page = (await get('/api/promotions?limit=1&offset=1')).json as { promote_name: string }[];
      expect(page.map((p) => p.promote_name)).toEqual(['batch-1']);
      expect(((await get('/api/promotions?limit=1000')).json as unknown[]).length).toBe(4);
      expect(((await get('/api/promotions?promote_name=never')).json as unknown[]).length).toBe(0);
    });

    it('promotions refuses half a hash pair, unknown hashes and bad paging with 400', async () => {
      const cases: [string, RegExp][] = [
        [`?commit_hash=${A1.commit_hash}`, /Both commit_hash and distro_hash/],
        [`?${qs({ ...hashes(A1), commit_hash: 'f'.repeat(40) })}`, /combination not found/],
        ['?limit=many', /limit must be an integer/],
        ['?offset=-3', /offset must be at least 0/],
      ];
      for (const [query, message] of cases) {
        const r = await get(`/api/promotions${query}`);
        expect([r.status, (r.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });
  });

  describe('metrics/builds, recheck_package and /metrics', () => {
    it('/metrics gives pool nodes and job runs by state, promotions and label ages', async () => {
      const r = await get('/metrics');
      expect(r.status).toBe(200);
      expect(r.text).toContain('# TYPE rdo_pool_nodes gauge\n');
      expect(r.text).toContain('rdo_pool_nodes{state="ready"} 0\n');
      expect(r.text).toContain('rdo_job_runs{state="queued"} 0\n');
      expect(r.text).toContain('rdo_promotions_total 4\n');
      expect(r.text).toMatch(/\nrdo_label_age_seconds\{label="tripleo-ci-testing"\} \d+\n/);
      expect(r.text).not.toContain('rdo_label_age_seconds{label="batch-1"}');
    });

    it('metrics/builds counts SUCCESS and FAILED builds in [start_date, end_date)', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const r = await get(`/api/metrics/builds?start_date=${day(-1)}&end_date=${day(1)}`);
      expect(r.json).toEqual({ succeeded: 3, failed: 1, total: 4 });
      const pkg = await get('/api/metrics/builds', { body: { start_date: day(-1), end_date: day(1), package_name: 'pkg-b' } });
      expect(pkg.json).toEqual({ succeeded: 1, failed: 1, total: 2 });
      expect((await get(`/api/metrics/builds?start_date=2000-01-01&end_date=2000-01-02`)).json).toEqual({ succeeded: 0, failed: 0, total: 0 });
      const short = (offset: number) => day(offset).replace(/-0/g, '-');
      expect((await get(`/api/metrics/builds?start_date=${short(-1)}&end_date=${short(1)}`)).json).toEqual({ succeeded: 3, failed: 1, total: 4 });
      expect((await get('/api/metrics/builds?start_date=2000-1-1&end_date=2000-1-2')).json).toEqual({ succeeded: 0, failed: 0, total: 0 });
      for (const [query, message] of [
        [`?end_date=${day(1)}`, /^Missing parameters: start_date$/],
        ['?start_date=0&end_date=0', /Invalid date format/],
        ['?start_date=2026-02-30&end_date=2026-03-01', /Invalid date format/],
        ['?start_date=2026-2-30&end_date=2026-3-1', /Invalid date format/],
        ['?start_date=2026-012-01&end_date=2026-3-1', /Invalid date format/],
      ] as [string, RegExp][]) {
        const bad = await get(`/api/metrics/builds${query}`);
        expect([bad.status, (bad.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });

    it('recheck_package re-queues a FAILED package (201, audited), refuses SUCCESS or queued (409) and unknown (400)', async () => {
      const ok = await post('/api/recheck_package?package_name=pkg-b', '', { headers: { 'Content-Type': 'application/json' } });
      expect([ok.status, ok.json]).toEqual([201, { result: 'ok' }]);
      expect(trunkOf(engine).store.lastCommit('pkg-b')!.state).toBe('QUEUED');
      const audit = engine.events.read(0, 100_000).filter((e) => e.type === 'command' && e.actor === 'ci');
      expect(audit.at(-1)).toMatchObject({ payload: { name: 'trunk.recheck', args: { package: 'pkg-b' }, ok: true } });
      expect((await post('/api/recheck_package', { package_name: 'pkg-b' })).status).toBe(409);
      const success = await post('/api/recheck_package', { package_name: 'pkg-a' });
      expect(success.status).toBe(409);
      const unknown = await post('/api/recheck_package', { package_name: 'nope' });
      expect([unknown.status, (unknown.json as { message: string }).message]).toEqual([400, expect.stringMatching(/no existing commits/)]);
      expect((await post('/api/recheck_package', {})).json).toEqual({ message: 'Missing parameters: package_name' });
      expect((await post('/api/recheck_package', { package_name: 7 })).status).toBe(400);
    });
  });

  describe("DLRN's own cases", () => {
    it('agg_status on an unknown aggregate hash is 200 []; a hash that is not hex is 400 naming it', async () => {
      const r = await get(`/api/agg_status?aggregate_hash=${'a'.repeat(32)}`);
      expect([r.status, r.json]).toEqual([200, []]);
      const byBody = await get('/api/agg_status', { body: { aggregate_hash: 'b'.repeat(32), success: 'true' } });
      expect([byBody.status, byBody.json]).toEqual([200, []]);
      for (const [query, message] of [
        ['', /^Missing parameters: aggregate_hash$/],
        ['?aggregate_hash=not-hex', /aggregate_hash must be an md5 hex hash/],
        [`?aggregate_hash=${'a'.repeat(32)}&success=maybe`, /success/],
      ] as [string, RegExp][]) {
        const bad = await get(`/api/agg_status${query}`);
        expect([bad.status, (bad.json as { message: string }).message]).toEqual([400, expect.stringMatching(message)]);
      }
    });

    it('report_result with aggregate_hash and a commit is 400; an unknown aggregate is 400', async () => {
      const base = { job_id: 'j', url: 'u', timestamp: 1, success: true };
      const both = await post('/api/report_result', { ...base, ...hashes(A1), aggregate_hash: 'c'.repeat(32) });
      expect([both.status, (both.json as { message: string }).message]).toEqual([400, expect.stringMatching(/cannot be combined/)]);
      const unknown = await post('/api/report_result', { ...base, aggregate_hash: 'c'.repeat(32) });
      expect([unknown.status, (unknown.json as { message: string }).message]).toEqual([400, 'aggregate_hash not found']);
    });

    it('promote accepts previous-<label> (201) as DLRN does; consistent and ../consistent stay 403', async () => {
      const ok = await post('/api/promote', { ...hashes(A1), promote_name: 'previous-x' });
      expect(ok.status).toBe(201);
      expect(link('previous-x')).toBe(A1.path);
      expect((await post('/api/promote', { ...hashes(A2), promote_name: 'previous-x' })).status).toBe(201);
      expect(link('previous-x')).toBe(A2.path);
      expect(link('previous-previous-x')).toBeNull();
      for (const name of ['consistent', '../consistent']) {
        const r = await post('/api/promote', { ...hashes(A1), promote_name: name });
        expect(r.status).toBe(403);
      }
      expect(link('previous-x')).toBe(A2.path);
    });
  });
});
