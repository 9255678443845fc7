import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { writePipeline } from '../../test-support/pipeline-fixture.js';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { dlrnApi } from '../api/dlrn-api.js';
import { callApi } from '../api/dlrn-test-client.js';
import { startServer, type RunningServer } from '../api/server.js';
import { ciOf } from '../ci/index.js';
import { hashPassword, loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import { trunkOf } from '../trunk/index.js';

const HOSTILE = '<script>document.title="pwned"</script><b>&';

describe("DLRN's pages, server-rendered, in headless Chromium", () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;
  let A: RepoRef;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    writePipeline(fx.configDir, 'jobs:\n  - { name: job-a, external: true }\n');
    writeFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-b', 'break');
    await trunkOf(engine).trunk.runPass();
    A = ciOf(engine)
      .store.recentRepos(10)
      .find((r) => r.package === 'pkg-a')!;
    const operators = loadOperators(fx.configDir);
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [dlrnApi(engine, operators)] });
    const hashes = { commit_hash: A.commit_hash, distro_hash: A.distro_hash };
    const vote = (job_id: string, success: boolean, notes: string) =>
      callApi(server.url, 'POST', '/api/report_result', {
        auth: ['ci', 'ci-pass'],
        body: { ...hashes, job_id, url: `http://ci.example/${job_id}`, timestamp: Math.floor(Date.now() / 1000), success, notes },
      });
    expect((await vote('job-a', true, 'all green')).status).toBe(201);
    expect((await vote('job-b', false, HOSTILE)).status).toBe(201);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    engine?.close();
  });

  async function open(path: string, shot: string) {
    const page = await browser.newPage({ javaScriptEnabled: false });
    const response = await page.goto(`${server.url}${path}`);
    const text = await page.locator('body').innerText();
    const title = await page.title();
    const file = join(fx.root, `${shot}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(1000);
    await page.close();
    return { status: response?.status(), text, title };
  }

  it('repos/status_report.html and repos/report.html are written with each publication and show each package by word', async () => {
    const reposDir = engine.paths.reposDir;
    expect(existsSync(join(reposDir, 'status_report.html'))).toBe(true);
    const status = await open('/repos/status_report.html', 'status_report');
    expect(status.status).toBe(200);
    expect(status.text).toMatch(/pkg-a\s+\S+\s+✔ SUCCESS/);
    expect(status.text).toMatch(/pkg-b\s+\S+\s+✘ FAILED/);
    const report = await open('/repos/report.html', 'report');
    expect(report.text).toContain(A.commit_hash);
    expect(report.text).toMatch(/✘ FAILED/);
    expect(readFileSync(join(reposDir, 'report.html'), 'utf8')).toContain(`<a href="${A.path}/">repo</a>`);
  });

  it('/api/civotes.html counts passed and failed votes per repo and links to the detail page', async () => {
    const p = await open('/api/civotes.html', 'civotes');
    expect(p.status).toBe(200);
    expect(p.text).toContain(A.commit_hash);
    expect(p.text).toMatch(/✔ passed 1\s+✘ failed 1/);
    const byJob = await open('/api/civotes.html?ci_name=job-a', 'civotes-job');
    expect(byJob.text).toMatch(/✔ passed 1\s+✘ failed 0/);
  });

  it('/api/civotes_detail.html lists every vote, escaping what came from a vote', async () => {
    const p = await open(`/api/civotes_detail.html?commit_hash=${A.commit_hash}&distro_hash=${A.distro_hash}`, 'civotes_detail');
    expect(p.status).toBe(200);
    expect(p.text).toMatch(/job-a\s+✔ passed/);
    expect(p.text).toMatch(/job-b\s+✘ failed/);
    expect(p.text).toContain(HOSTILE);
    expect(p.title).not.toBe('pwned');
    const raw = await callApi(server.url, 'GET', `/api/civotes_detail.html?ci_name=job-b`);
    expect(raw.text).toContain('&#60;script&#62;');
    expect(raw.text).not.toContain('<script>');
  });

  it('/api/civotes_agg.html renders (no aggregates yet) and refuses a non-hex aggregate_hash', async () => {
    const p = await open('/api/civotes_agg.html', 'civotes_agg');
    expect(p.status).toBe(200);
    expect(p.text).toContain('No votes on aggregates yet.');
    const bad = await callApi(server.url, 'GET', '/api/civotes_agg.html?aggregate_hash=zz');
    expect([bad.status, (bad.json as { message: string }).message]).toEqual([400, expect.stringMatching(/aggregate_hash/)]);
  });

  it('/api/report.html filters by package and success; bad parameters are 400 naming them', async () => {
    const p = await open('/api/report.html?package=pkg-b&success=false', 'api-report');
    expect(p.text).toMatch(/pkg-b/);
    expect(p.text).toMatch(/✘ FAILED/);
    expect(p.text).not.toMatch(/pkg-a/);
    for (const [query, name] of [
      ['/api/report.html?package=nope', /package/],
      ['/api/report.html?success=maybe', /success/],
      ['/api/civotes_detail.html?commit_hash=xyz&distro_hash=abcd', /commit_hash/],
      [`/api/civotes_detail.html?commit_hash=${A.commit_hash}`, /distro_hash/],
      ['/api/civotes.html?offset=-1', /offset/],
    ] as [string, RegExp][]) {
      const r = await callApi(server.url, 'GET', query);
      expect([r.status, (r.json as { message: string }).message]).toEqual([400, expect.stringMatching(name)]);
    }
    expect((await callApi(server.url, 'POST', '/api/civotes.html')).status).toBe(405);
  });
});
