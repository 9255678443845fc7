// DLRN API benchmark on a generated store of 1,000,000 commits and 1,000,000 votes: repo_status, promotions and
// last_tested_repo, each first one request at a time (latency: median, p95), then from CLIENTS keep-alive
// connections for DURATION ms (requests/s, and latency under that load). The daemon's HTTP server runs in a
// child process, as `rdo-console serve` would, so client and server do not share an event loop.
// Targets: p95 <= 5 ms, >= 2,000 requests/s. BENCH_API_STORE=DIR keeps (and reuses) the generated store there.
// BENCH_COMPONENTS=1 runs the daemon with use-components on and adds component-filtered requests to the mix.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generatePipelineData, generateStore } from './gen-store.js';

const COMMITS = Number(process.env.BENCH_COMMITS ?? 1_000_000);
const VOTES = Number(process.env.BENCH_VOTES ?? 1_000_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION_MS ?? 5000);
const SEQUENTIAL = 2000;
const COMPONENTS = process.env.BENCH_COMPONENTS === '1';

if (process.argv[2] === '--serve') await serveStore(process.argv[3], process.argv[4]);
else await main();

/** The child: the engine on the generated store behind the daemon's server with the DLRN API. */
async function serveStore(configDir, dataDir) {
  const { Engine } = await import('../dist/src/engine/engine.js');
  const { startServer } = await import('../dist/src/engine/api/server.js');
  const { dlrnApi } = await import('../dist/src/engine/api/dlrn-api.js');
  const operators = { file: '', present: false, operators: [], users: [] };
  const engine = Engine.open({ configDir, dataDir });
  const server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [dlrnApi(engine, operators)] });
  process.send({ url: server.url });
  process.on('disconnect', async () => {
    await server.close();
    await engine.close();
    process.exit(0);
  });
}

async function main() {
  const keep = process.env.BENCH_API_STORE;
  const work = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'rdo-bench-api-'));
  const store = await prepareStore(work);
  const trunkYml = join(store.configDir, 'trunk.yml');
  const trunk = readFileSync(trunkYml, 'utf8').replace(/\n  use-components: \w+/, '');
  writeFileSync(trunkYml, COMPONENTS ? trunk.replace('trunk:\n', 'trunk:\n  use-components: true\n') : trunk);
  const child = fork(import.meta.filename, ['--serve', store.configDir, store.dataDir], { stdio: 'inherit' });
  try {
    const { url } = await new Promise((resolve, reject) => child.once('message', resolve).once('exit', (c) => reject(new Error(`server exited ${c}`))));
    const targets = await sampleTargets(store.dataDir);
    const endpoints = {
      repo_status: (i) =>
        `/api/repo_status?commit_hash=${targets.repos[i % targets.repos.length].commit_hash}&distro_hash=${targets.repos[i % targets.repos.length].distro_hash}`,
      promotions: (i) =>
        [
          '/api/promotions',
          `/api/promotions?promote_name=${targets.labels[i % 3]}`,
          `/api/promotions?promote_name=${targets.labels[i % 3]}&offset=${i % 500}&limit=20`,
        ][i % 3],
      last_tested_repo: (i) =>
        [
          `/api/last_tested_repo?max_age=24&job_id=${targets.jobs[i % 4]}&success=true`,
          '/api/last_tested_repo?max_age=0',
          `/api/last_tested_repo?max_age=48&sequential_mode=true&previous_job_id=${targets.jobs[i % 4]}`,
        ][i % 3],
      ...(COMPONENTS
        ? {
            'component filters': (i) => [`/api/promotions?component=c${i % 12}&limit=20`, `/api/last_tested_repo?max_age=0&component=c${i % 12}`][i % 2],
          }
        : {}),
    };
    console.log(
      `store: ${COMMITS.toLocaleString('en')} commits, ${VOTES.toLocaleString('en')} votes; ${CLIENTS} keep-alive clients for ${DURATION / 1000} s per endpoint${COMPONENTS ? '; components on' : ''}`,
    );
    console.log('endpoint            1 client: median    p95   |  concurrent: req/s   median    p95');
    let ok = true;
    for (const [name, path] of Object.entries(endpoints)) {
      await sequential(url, path, 300); // warm-up
      const one = await sequential(url, path, SEQUENTIAL);
      const many = await concurrent(url, path);
      const met = one.p95 <= 5 && many.rps >= 2000;
      ok &&= met;
      console.log(
        `${name.padEnd(20)}${ms(one.median).padStart(14)}${ms(one.p95).padStart(9)}   | ${String(Math.round(many.rps)).padStart(15)}${ms(many.median).padStart(9)}${ms(many.p95).padStart(9)}  ${met ? 'ok' : 'MISSED'}`,
      );
    }
    console.log(ok ? 'targets met: p95 <= 5 ms (1 client), >= 2,000 requests/s' : 'targets MISSED');
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

async function prepareStore(work) {
  const configDir = join(work, 'config');
  const dataDir = join(work, 'data');
  if (existsSync(join(dataDir, 'trunk.db'))) return { configDir, dataDir };
  mkdirSync(work, { recursive: true });
  const t = performance.now();
  generateStore(work, COMMITS, 400);
  generatePipelineData(dataDir, { votes: VOTES, promotions: 10_000 });
  console.log(`generated the store in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { configDir, dataDir };
}

/** Repos that have votes, the jobs and the labels, for the request mix. */
async function sampleTargets(dataDir) {
  const { openDb } = await import('../dist/src/store/db/db.js');
  const db = openDb(join(dataDir, 'trunk.db'), { readonly: true });
  const repos = db.prepare('SELECT commit_hash, distro_hash FROM votes WHERE id % 997 = 0 LIMIT 1000').all();
  const jobs = db
    .prepare('SELECT DISTINCT ci_name FROM votes WHERE id > (SELECT MAX(id) - 100 FROM votes)')
    .all()
    .map((r) => r.ci_name);
  const labels = db
    .prepare('SELECT DISTINCT promote_name FROM promotions WHERE id > (SELECT MAX(id) - 100 FROM promotions)')
    .all()
    .map((r) => r.promote_name);
  db.close();
  return { repos, jobs, labels };
}

function get(agent, url, path) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request(`${url}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function sequential(url, path, n) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  for (let i = 0; i < n; i++) times.push(await get(agent, url, path(i)));
  agent.destroy();
  return summary(times, 0);
}

async function concurrent(url, path) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const times = [];
  let i = 0;
  const start = performance.now();
  const end = start + DURATION;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) times.push(await get(agent, url, path(i++)));
    }),
  );
  agent.destroy();
  return summary(times, performance.now() - start);
}

function summary(times, elapsedMs) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: at(0.5), p95: at(0.95), rps: elapsedMs ? (times.length * 1000) / elapsedMs : 0 };
}

function ms(x) {
  return `${x.toFixed(2)} ms`;
}
