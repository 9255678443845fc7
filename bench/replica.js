// Replica benchmark: (1) apply 1,000 row changes on a replica of a 100k-commit and of a 1M-commit database
// (targets: <= 100 ms each, ratio 1M/100k <= 1.5: the cost follows the changes, not the size), with the time of
// the initial copy (online backup on the primary, HTTP, loaded on the replica); (2) the replica's lag while the
// demo builds (real daemons on loopback, lag sampled from the replica's /metrics; target p95 <= 2 s).
// Usage: npm run bench -- replica [SMALL] [LARGE] [LAG_SECONDS]   (default 100,000 1,000,000 60)
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../dist/src/engine/engine.js';
import { startServer } from '../dist/src/engine/api/server.js';
import { hashToken, loadOperators } from '../dist/src/engine/config/operators.js';
import { replicaOf } from '../dist/src/engine/replica/index.js';
import { generateStore } from './gen-store.js';

const [small, large, lagSeconds] = [Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 1_000_000), Number(process.argv[4] ?? 60)];
const TOKEN = 'bench-replication-token-0123456789abcdef';
const operatorsYml = `operators:\n  - {name: replica, role: replication, token-sha256: ${hashToken(TOKEN)}}\n`;
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-replica-'));
const ms = (n) => `${n.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function applyBench(commits) {
  const dir = join(work, String(commits));
  let t = performance.now();
  const { configDir, dataDir } = generateStore(dir, commits, 400);
  writeFileSync(join(configDir, 'operators.yml'), operatorsYml);
  console.log(`${commits.toLocaleString('en')} commits generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const primary = Engine.open({ configDir, dataDir });
  primary.takeLock();
  const server = await startServer(primary, { host: '127.0.0.1', port: 0, operators: loadOperators(configDir), handlers: primary.routes() });
  const replica = Engine.open({ configDir, dataDir: join(dir, 'replica'), follows: server.url });
  replica.takeLock();
  const r = replicaOf(replica);
  r.saveToken(TOKEN);
  t = performance.now();
  await r.beforeServing();
  const copyMs = performance.now() - t;
  const runs = [];
  for (let round = 0; round < 5; round++) {
    // 1,000 row changes as the trunk makes them: the newest builds get a new release.
    primary.db.prepare(`UPDATE builds SET release = release || '.${round}' WHERE id > (SELECT max(id) FROM builds) - 1000`).run();
    const at = r.store.node().position;
    const get = () => fetch(`${server.url}/replica/v1/changes?after=${at}&limit=1000`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const res = await get().catch(get); // a kept-alive connection closed by the server while idle fails once
    const reply = await res.json();
    if (reply.changes.length !== 1000) throw new Error(`expected 1000 changes, got ${reply.changes.length}`);
    t = performance.now();
    r.store.apply(at, reply.changes, reply.changes.at(-1)[0]);
    runs.push(performance.now() - t);
  }
  const check = r.store.checksums().tables.find((x) => x.table === 'builds');
  const want = primary.db.prepare('SELECT COUNT(*) AS n FROM builds').get().n;
  if (check.count !== want) throw new Error(`replica has ${check.count} builds, primary ${want}`);
  await server.close();
  await replica.close();
  await primary.close();
  rmSync(dir, { recursive: true, force: true });
  return { copyMs, applyMs: median(runs), runs };
}

/** Two real daemons on the demo (its activity sped up), the replica's lag sampled from its /metrics. */
async function lagBench(seconds) {
  const bin = resolve(import.meta.dirname, '..', 'bin', 'rdo-console.js');
  const configDir = join(work, 'demo-config');
  cpSync(resolve(import.meta.dirname, '..', 'config'), configDir, { recursive: true });
  const trunk = readFileSync(join(configDir, 'trunk.yml'), 'utf8')
    .replace(/run-interval: \d+/, 'run-interval: 5')
    .replace(/activity-interval: \d+/, 'activity-interval: 5');
  writeFileSync(join(configDir, 'trunk.yml'), trunk);
  writeFileSync(join(configDir, 'operators.yml'), operatorsYml);
  const procs = [];
  const start = (args) =>
    new Promise((resolveUrl, reject) => {
      const p = spawn(process.execPath, [bin, 'serve', '--config', configDir, '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      procs.push(p);
      let err = '';
      p.stderr.on('data', (d) => {
        err += d;
        const m = /serving .* on (http:\/\/\S+?) /.exec(err);
        if (m) resolveUrl(m[1]);
      });
      p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
  try {
    const primaryUrl = await start(['--data', join(work, 'demo-primary')]);
    const replicaUrl = await start(['--data', join(work, 'demo-replica'), '--replica-of', primaryUrl, '--token', TOKEN]);
    const samples = [];
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const text = await (await fetch(`${replicaUrl}/metrics`)).text();
      const m = /rdo_replica_lag_seconds\{replica="self"\} ([\d.e+-]+)/.exec(text);
      if (m) samples.push(Number(m[1]));
      await new Promise((r) => setTimeout(r, 200));
    }
    const changes = await (await fetch(`${primaryUrl}/replica/v1/hello`)).json();
    samples.sort((a, b) => a - b);
    const p = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
    return { n: samples.length, p50: p(0.5), p95: p(0.95), max: samples.at(-1) ?? NaN, head: changes.position };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
  }
}

try {
  const a = await applyBench(small);
  const b = await applyBench(large);
  console.log(
    `apply 1,000 changes, ${small.toLocaleString('en')}-commit db: ${ms(a.applyMs)} (median of ${a.runs.map((x) => x.toFixed(1)).join(', ')}) (target <= 100 ms)`,
  );
  console.log(
    `apply 1,000 changes, ${large.toLocaleString('en')}-commit db: ${ms(b.applyMs)} (median of ${b.runs.map((x) => x.toFixed(1)).join(', ')}) (target <= 100 ms)`,
  );
  console.log(`ratio large/small: ${(b.applyMs / a.applyMs).toFixed(2)} (target <= 1.5)`);
  console.log(
    `initial copy: ${small.toLocaleString('en')} commits ${(a.copyMs / 1000).toFixed(1)} s, ${large.toLocaleString('en')} commits ${(b.copyMs / 1000).toFixed(1)} s`,
  );
  if (lagSeconds > 0) {
    const lag = await lagBench(lagSeconds);
    console.log(
      `lag under demo activity (${lag.n} samples over ${lagSeconds} s, primary at change ${lag.head}): p50 ${lag.p50.toFixed(2)} s, p95 ${lag.p95.toFixed(2)} s, max ${lag.max.toFixed(2)} s (target p95 <= 2 s)`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
