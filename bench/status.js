// Status benchmark: 200 services probed every 30 s, a tenth of them timing out (a loopback server that never
// answers, in another process). Prints one probe round's duration against its interval, the engine's CPU over a
// minute of its loop, and the p95 of GET /status and /api/v2/summary.json with 200 services and 90 days of
// daily history (target <= 20 ms).
// Usage: npm run bench -- status [SERVICES]   (default 200)
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../dist/src/engine/api/server.js';
import { loadOperators } from '../dist/src/engine/config/operators.js';
import { Engine } from '../dist/src/engine/engine.js';
import { EngineLoops } from '../dist/src/engine/loops.js';
import { statusArea } from '../dist/src/engine/status/index.js';
import { generateStore } from './gen-store.js';

const SERVICES = Number(process.argv[2] ?? 200);
const INTERVAL_S = 30;
const TIMEOUT_S = 5;
const agent = new Agent({ keepAlive: true });
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-status-'));

// The fake services live in a child process, so the engine's CPU figure is the engine's alone.
const FAKES = `
const http = require('node:http');
const up = http.createServer((q, s) => s.writeHead(200).end('{"result":"ok"}'));
const hang = http.createServer(() => {});
up.listen(0, '127.0.0.1', () => hang.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ up: up.address().port, hang: hang.address().port }))));
`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Time to the last byte of each answer, taken gzipped as a browser takes it (not decoded: the server's time). */
function get(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'gzip' }, agent }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeGets(url, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await get(url);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

const fakes = spawn(process.execPath, ['-e', FAKES], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const ports = await new Promise((resolve, reject) => {
    fakes.stdout.once('data', (d) => resolve(JSON.parse(String(d))));
    fakes.once('exit', (code) => reject(new Error(`fake services exited ${code}`)));
  });
  const { configDir, dataDir } = generateStore(work, 100, 4);
  const services = Array.from({ length: SERVICES }, (_, i) => {
    const hanging = i % 10 === 9;
    const port = hanging ? ports.hang : ports.up;
    return `  - name: svc-${String(i).padStart(3, '0')}\n    group: group-${i % 8}\n    probe: { kind: http, url: 'http://127.0.0.1:${port}/health/${i}', timeout: ${TIMEOUT_S} }\n`;
  });
  writeFileSync(join(configDir, 'status.yml'), `status:\n  interval: ${INTERVAL_S}\n  concurrency: 16\nservices:\n${services.join('')}`);
  mkdirSync(dataDir, { recursive: true });
  const engine = Engine.open({ configDir, dataDir });
  engine.takeLock();
  const status = engine.area(statusArea);

  // 90 days of history for every service: a few outage days, a maintenance day now and then.
  const now = Date.now();
  const DAY = 86_400_000;
  const daily = engine.db.prepare(
    'INSERT INTO status_daily (service, day, operational_ms, degraded_ms, partial_ms, major_ms, maintenance_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  engine.db.transaction(() => {
    for (let i = 0; i < SERVICES; i++)
      for (let d = 1; d < 90; d++) {
        const day = new Date(now - d * DAY).toISOString().slice(0, 10);
        const down = (i * 7 + d) % 23 === 0 ? 3_600_000 : 0;
        daily.run(`svc-${String(i).padStart(3, '0')}`, day, DAY - down, 0, down / 2, down / 2, d % 14 === 0 ? 7_200_000 : 0);
      }
  })();
  for (let i = 0; i < 5; i++)
    await engine.dispatch(
      { name: 'incident.open', args: { name: `incident ${i}`, services: `svc-00${i}`, impact: 'minor' } },
      { name: 'bench', role: 'operator' },
    );

  let t = performance.now();
  await status.round();
  const round = (performance.now() - t) / 1000;
  const timedOut = status.view().services.filter((s) => s.error?.startsWith('no answer')).length;
  console.log(
    `one probe round of ${SERVICES} services (${timedOut} timing out at ${TIMEOUT_S} s, 16 at once): ${round.toFixed(2)} s of a ${INTERVAL_S} s interval ${round < INTERVAL_S ? 'ok' : 'OVER THE INTERVAL'}`,
  );

  // The engine's loops for a minute (the status loop probes twice): CPU of this process, the engine's.
  const loops = new EngineLoops(engine);
  for (const l of engine.loops.names()) if (l !== 'status') engine.loops.suspend(l, 'bench');
  const cpu0 = process.cpuUsage();
  t = performance.now();
  loops.start();
  await new Promise((r) => setTimeout(r, 60_000));
  await loops.stop({ wait: true });
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t) / 1000;
  const rounds = engine.events.read(0, 100_000).filter((e) => e.type === 'status.round').length;
  console.log(
    `engine CPU over ${wall.toFixed(0)} s of the status loop (${rounds - 1} rounds): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1)} % of one core)`,
  );

  const server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(configDir), handlers: engine.routes() });
  const size = (await (await fetch(`${server.url}/status`)).arrayBuffer()).byteLength;
  const gzipped = await get(`${server.url}/status`);
  for (const path of ['/status', '/api/v2/summary.json']) {
    await timeGets(`${server.url}${path}`, 20);
    const times = await timeGets(`${server.url}${path}`, 300);
    const p95 = percentile(times, 95);
    console.log(
      `GET ${path}, ${SERVICES} services x 90 days: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms (target p95 <= 20 ms) ${p95 <= 20 ? 'ok' : 'OVER TARGET'}`,
    );
  }
  // Without the short-lived view cache: the view built from the store and the page rendered, every request.
  let later = 0;
  status.now = () => Date.now() + (later += 10_001);
  const cold = await timeGets(`${server.url}/status`, 40);
  console.log(
    `GET /status with the view rebuilt every time: p50 ${percentile(cold, 50).toFixed(2)} ms, p95 ${percentile(cold, 95).toFixed(2)} ms; page ${(size / 1024).toFixed(0)} KiB (${(gzipped / 1024).toFixed(0)} KiB gzipped)`,
  );
  agent.destroy();
  await server.close();
  await engine.close();
} finally {
  fakes.kill();
  rmSync(work, { recursive: true, force: true });
}
