// Console benchmark on a generated store (100,000 commits over 400 packages): the real binary in tmux.
// Prints time to first full frame, key-to-frame latency while scrolling, RSS after a minute of live events,
// and CPU while idle. The console logs its frames and keys to RDO_CONSOLE_FRAME_LOG (epoch ms).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDb } from '../dist/src/store/db/db.js';
import { generateStore } from './gen-store.js';

const root = resolve(import.meta.dirname, '..');
// bin/rdo-console.js runs the bundle (`npm run build`) while it is at least as new as dist/src. After a bare
// `tsc` it is not, so bundle again: what is measured is what `npm ci` installs.
const mtime = (p) => statSync(join(root, p), { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (mtime('dist/bundle/main.js') < mtime('dist/src/cli/main.js')) execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: root, stdio: 'inherit' });
const work = mkdtempSync(join(tmpdir(), 'rdo-bench-console-'));
const { configDir, dataDir, names } = generateStore(work, Number(process.env.BENCH_COMMITS ?? 100_000), 400);
const frameLog = join(work, 'frames.log');
const session = `rdo-bench-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const lines = () =>
  existsSync(frameLog)
    ? readFileSync(frameLog, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' '))
    : [];
const frames = () =>
  lines()
    .filter((l) => l[0] === 'frame')
    .map((l) => Number(l[1]));

const started = Date.now();
tmux(
  'new-session',
  '-d',
  '-s',
  session,
  '-x',
  '80',
  '-y',
  '24',
  'env',
  '-u',
  'CI',
  `RDO_CONSOLE_FRAME_LOG=${frameLog}`,
  process.execPath,
  join(root, 'bin', 'rdo-console.js'),
  '--config',
  configDir,
  '--data',
  dataDir,
);
const pid = Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim());
// Everything the console writes to its terminal, as it would cross an SSH connection.
const wire = join(work, 'wire.log');
tmux('pipe-pane', '-o', '-t', session, `cat >> '${wire}'`);
const wireBytes = () => statSync(wire, { throwIfNoEntry: false })?.size ?? 0;
/** Bytes per cursor move (j/k) and per second idle, at the pane's current size. */
async function bytesOnTheWire() {
  await sleep(1500);
  const b0 = wireBytes();
  const moves = 40;
  for (let i = 0; i < moves; i++) {
    tmux('send-keys', '-t', session, i % 2 ? 'k' : 'j');
    await sleep(60);
  }
  await sleep(1500);
  const perMove = (wireBytes() - b0) / moves;
  const i0 = wireBytes();
  await sleep(10_000);
  return { perMove, idlePerSecond: (wireBytes() - i0) / 10 };
}
try {
  while (frames().length === 0 && Date.now() - started < 30_000) await sleep(5);
  const firstFrame = frames()[0] - started;

  const latencies = [];
  for (let i = 0; i < 100; i++) {
    const before = frames().length;
    tmux('send-keys', '-t', session, i % 50 < 40 ? 'j' : 'k');
    const t0 = Date.now();
    while (frames().length === before && Date.now() - t0 < 2000) await sleep(2);
    const keys = lines()
      .filter((l) => l[0] === 'key')
      .map((l) => Number(l[1]));
    const key = keys[keys.length - 1];
    const frame = frames().find((f) => f >= key);
    if (key && frame) latencies.push(frame - key);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];

  // A minute of live events, as a busy engine would append them (written by another process).
  const db = openDb(join(dataDir, 'trunk.db'));
  const insert = db.prepare('INSERT INTO events (ts, type, actor, payload) VALUES (?, ?, ?, ?)');
  // Bytes at both sizes before the live events, so that no age on screen is still counting seconds.
  const small = await bytesOnTheWire();
  tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
  await sleep(1000);
  const liveMs = Number(process.env.BENCH_LIVE_MS ?? 60_000);
  const liveBytes0 = wireBytes();
  let n = 0;
  for (const end = Date.now() + liveMs; Date.now() < end; n++) {
    const name = names[n % names.length];
    const build = 1_000_000 + n;
    insert.run(
      Date.now(),
      'build.started',
      'bench',
      JSON.stringify({ buildId: build, commitId: build, package: name, commitHash: 'f'.repeat(40), worker: 1, attempt: 1 }),
    );
    insert.run(
      Date.now(),
      'build.finished',
      'bench',
      JSON.stringify({
        buildId: build,
        commitId: build,
        package: name,
        commitHash: 'f'.repeat(40),
        status: n % 9 ? 'SUCCESS' : 'FAILED',
        nvr: `${name}-1.0-0.${n}`,
        error: null,
        durationMs: 1000,
      }),
    );
    await sleep(50);
  }
  db.close();
  const liveBytesPerSecond = (wireBytes() - liveBytes0) / (liveMs / 1000);
  await sleep(1500);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

  const cpu = () =>
    readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ')
      .slice(11, 13)
      .reduce((a, b) => a + Number(b), 0);
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  const c0 = cpu();
  await sleep(10_000);
  const idleCpu = ((cpu() - c0) / ticks / 10) * 100;

  tmux('resize-window', '-t', session, '-x', '200', '-y', '60');
  const big = await bytesOnTheWire();

  console.log(`store:              ${names.length} packages, ${process.env.BENCH_COMMITS ?? 100_000} commits`);
  console.log(`first full frame:   ${firstFrame} ms after process start (target <= 500)`);
  console.log(`key to frame:       median ${pct(50)} ms, p95 ${pct(95)} ms over ${latencies.length} keys (target p95 <= 30)`);
  console.log(`RSS after live:     ${(rssKb / 1024).toFixed(0)} MB after ${liveMs / 1000} s of events (${n * 2} events; target <= 200)`);
  console.log(`idle CPU:           ${idleCpu.toFixed(1)} % over 10 s with nothing changing (target near 0)`);
  const kb = (b) => `${Math.round(b)} B`;
  console.log(`bytes per move:     ${kb(small.perMove)} at 80x24 (target <= 400), ${kb(big.perMove)} at 200x60 (target <= 600)`);
  console.log(`bytes idle:         ${kb(small.idlePerSecond)}/s at 80x24, ${kb(big.idlePerSecond)}/s at 200x60 (target <= 50)`);
  console.log(`bytes live:         ${kb(liveBytesPerSecond)}/s at 80x24 while events arrive every 25 ms`);
} finally {
  tmux('kill-session', '-t', session);
  rmSync(work, { recursive: true, force: true });
}
