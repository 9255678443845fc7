import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDaemon, type DaemonProcess } from '../../test-support/daemon-process.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { ciOf } from '../ci/index.js';
import { hashPassword, hashToken } from '../config/operators.js';
import { Engine } from '../engine.js';
import { trunkOf } from '../trunk/index.js';
import { readLink } from '../trunk/links.js';

/** `npm run test:faults` sends at least 10,000 HTTP requests; the default run a short sample. */
const LONG = process.env.RDO_FAULTS === 'long';
const HTTP_RUNS = Number(process.env.RDO_FUZZ_HTTP ?? (LONG ? 10_000 : 600));
const RAW_RUNS = Number(process.env.RDO_FUZZ_RAW ?? (LONG ? 1_500 : 100));
const WS_RUNS = Number(process.env.RDO_FUZZ_WS ?? (LONG ? 3_000 : 200));
/** How much the daemon may grow over the whole run (it starts around 100 MB). */
const RSS_GROWTH_LIMIT = 160 * 1024 * 1024;

const PATHS = [
  '/api/health',
  '/api/last_tested_repo',
  '/api/repo_status',
  '/api/agg_status',
  '/api/report_result',
  '/api/promote',
  '/api/promote-batch',
  '/api/promotions',
  '/api/metrics/builds',
  '/api/recheck_package',
  '/api/components',
  '/api/civotes.html',
  '/api/civotes_detail.html',
  '/api/civotes_agg.html',
  '/api/report.html',
  '/api/v2/summary.json',
  '/api/v2/scheduled-maintenances.json',
  '/maintenance.ics',
  '/status',
  '/metrics',
  '/repos/',
  '/repos/current/',
  '/repos/consistent/delorean.repo',
  '/logs/',
  '/ws',
  '/nope',
];
const PARAMS = [
  'max_age',
  'success',
  'job_id',
  'sequential_mode',
  'previous_job_id',
  'reporting_job_id',
  'commit_hash',
  'distro_hash',
  'extended_hash',
  'aggregate_hash',
  'url',
  'timestamp',
  'notes',
  'promote_name',
  'offset',
  'limit',
  'start_date',
  'end_date',
  'package_name',
  'component',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

interface Known {
  commit: string;
  distro: string;
}

/** Values that hit the edges: numbers past every limit, traversal, NUL, huge, unicode, and the real hashes. */
function valueArb(known: Known): fc.Arbitrary<unknown> {
  const edge = fc.constantFrom(
    '',
    '0',
    '-1',
    '1e309',
    'NaN',
    'Infinity',
    '9007199254740993',
    'true',
    'false',
    'null',
    '../../../etc/passwd',
    '..%2f..%2f',
    '\u0000',
    '%00',
    'current',
    'consistent',
    'previous-x',
    '2026-13-45',
    '2026-01-01',
    '😀'.repeat(50),
    'x'.repeat(5000),
    known.commit,
    known.distro,
    `${known.commit}_${known.distro.slice(0, 8)}`,
  );
  return fc.oneof(
    edge,
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  );
}

function paramsArb(known: Known) {
  return fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), valueArb(known), { maxKeys: 6 });
}

const authArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<'none' | 'good' | 'wrong' | 'garbage'>('none') },
  { weight: 6, arbitrary: fc.constant<'good'>('good') },
  { weight: 1, arbitrary: fc.constant<'wrong'>('wrong') },
  { weight: 2, arbitrary: fc.constant<'garbage'>('garbage') },
);

function requestArb(known: Known) {
  return fc.record({
    method: fc.constantFrom(...METHODS),
    path: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...PATHS) },
      { weight: 1, arbitrary: fc.webPath() },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => `/${encodeURIComponent(s)}`) },
    ),
    query: paramsArb(known),
    body: fc.oneof(
      paramsArb(known),
      fc.array(paramsArb(known), { maxLength: 3 }),
      fc.string({ maxLength: 50 }),
      fc.constant(undefined),
      fc.json({ maxDepth: 3 }),
    ),
    contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/x-www-form-urlencoded'),
    auth: authArb,
  });
}

type Req = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

function queryString(q: Record<string, unknown>): string {
  const parts = Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** One request; the status, or 0 when the client could not even send it (a path http.request refuses). */
function send(base: string, r: Req): Promise<number> {
  const body = r.body === undefined ? undefined : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  const headers: Record<string, string> = {};
  if (r.contentType) headers['Content-Type'] = r.contentType;
  if (body) headers['Content-Length'] = String(body.length);
  if (r.auth === 'good') headers.Authorization = `Basic ${Buffer.from('ci:ci-pass').toString('base64')}`;
  if (r.auth === 'wrong') headers.Authorization = `Basic ${Buffer.from('ci:nope').toString('base64')}`;
  if (r.auth === 'garbage') headers.Authorization = 'Basic !!!not base64:::';
  return new Promise((resolve) => {
    let req;
    try {
      req = request(`${base}${r.path}${queryString(r.query)}`, { method: r.method, headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      });
    } catch {
      return resolve(0);
    }
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

/** A raw request line and headers, bytes as they come: the status the daemon answers, 0 if it only hung up. */
function sendRaw(port: number, head: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(head));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? 0)));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

const rawArb = fc
  .record({
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'CONNECT', 'TRACE'), fc.string({ maxLength: 8 })),
    target: fc.oneof(
      fc.constantFrom('http://[zz/', 'http://x:99999/api/health', '*', '//', '/%', '/%zz', '/api/health?%', '/repos/../../etc/passwd', '/repos/%2e%2e/%2e%2e/'),
      fc.webUrl(),
      fc.string({ maxLength: 40 }),
    ),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
    headers: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })), { maxLength: 4 }),
  })
  .map((r) => `${r.method} ${r.target} ${r.version}\r\nHost: x\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`);

function wsMessageArb(known: Known) {
  const id = fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.double());
  return fc.oneof(
    fc.record({ type: fc.constant('snapshot'), id }),
    fc.record({ type: fc.constant('subscribe'), fromSeq: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })) }),
    fc.record({ type: fc.constant('unsubscribe') }),
    fc.record({
      type: fc.constant('dispatch'),
      id,
      command: fc.record({
        name: fc.oneof(
          fc.constantFrom('trunk.pause', 'trunk.resume', 'loop.pause', 'promote', 'trunk.recheck', 'pool.hold', 'nope'),
          fc.string({ maxLength: 20 }),
        ),
        args: paramsArb(known),
      }),
    }),
    fc.record({
      type: fc.constant('query'),
      id,
      name: fc.oneof(fc.constantFrom('audit.list', 'trunk.build-log', 'loop.list', 'core.facts', 'promotions.list', 'nope'), fc.string({ maxLength: 20 })),
      args: fc.oneof(paramsArb(known), fc.constant(undefined)),
    }),
    fc.json({ maxDepth: 4 }).map((j) => JSON.parse(j) as unknown),
    fc.string({ maxLength: 60 }).map((s) => ({ raw: s })),
  );
}

describe('fuzzing a live daemon (fast-check, real `rdo-console serve` process)', () => {
  let fx: Fixture;
  let daemon: DaemonProcess;
  let known: Known;
  let rssAtStart = 0;
  const statuses = new Map<number, number>();
  const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }]);
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 0, 'min-ready': 0 }));
    writeFileSync(
      join(fx.configDir, 'operators.yml'),
      `operators:\n  - {name: olga, role: operator, token-sha256: ${hashToken('olga-token-0123456789')}}\n` +
        `  - {name: victor, role: viewer, token-sha256: ${hashToken('victor-token-0123456789')}}\n` +
        `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`,
    );
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    engine.takeLock();
    await trunkOf(engine).trunk.runPass();
    const repo = ciOf(engine).store.repoByPath(readLink(engine.paths.reposDir, 'consistent')!)!;
    known = { commit: repo.commit_hash, distro: repo.distro_hash };
    await engine.close();
    daemon = await startDaemon(fx.configDir, fx.dataDir);
    rssAtStart = daemon.rss();
  });
  afterAll(async () => {
    const sorted = [...statuses].sort(([a], [b]) => a - b);
    console.log(
      `fuzz: statuses ${sorted.map(([s, n]) => `${s}×${n}`).join(' ')}; rss ${(rssAtStart / 2 ** 20).toFixed(0)} → ${(daemon.rss() / 2 ** 20).toFixed(0)} MiB`,
    );
    await daemon?.stop();
  });

  it(`${HTTP_RUNS} HTTP API requests: never a 5xx, never a crash`, async () => {
    expect(await send(daemon.url, { method: 'GET', path: '/api/health', query: {}, body: undefined, contentType: '', auth: 'none' })).toBe(200);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(requestArb(known), async (r) => {
        const status = await send(daemon.url, r);
        count(status);
        if (++n % 500 === 0) expect(daemon.alive()).toBe(true);
        return status !== -1 && status < 500 && daemon.alive();
      }),
      { numRuns: HTTP_RUNS, seed: LONG ? undefined : 9, endOnFailure: true },
    );
    expect(daemon.alive()).toBe(true);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  }, 600_000);

  it(`${RAW_RUNS} raw request lines: answered below 500 or hung up on, never a crash`, async () => {
    const port = Number(new URL(daemon.url).port);
    await fc.assert(
      fc.asyncProperty(rawArb, async (head) => {
        const status = await sendRaw(port, head);
        count(status);
        return status < 500 && daemon.alive();
      }),
      { numRuns: RAW_RUNS, seed: LONG ? undefined : 11, endOnFailure: true },
    );
  }, 600_000);

  it(`${WS_RUNS} /ws messages as a viewer and an operator: no internal error, the session keeps answering, never a crash`, async () => {
    const open = (token: string) =>
      new Promise<{ ws: WebSocket; replies: { type: string; id?: unknown; kind?: string; message?: string }[] }>((resolve, reject) => {
        const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}/ws`, { headers: { Authorization: `Bearer ${token}` } });
        const replies: { type: string; id?: unknown; kind?: string; message?: string }[] = [];
        ws.on('message', (d) => replies.push(JSON.parse(d.toString()) as { type: string }));
        ws.once('open', () => resolve({ ws, replies }));
        ws.once('error', reject);
      });
    const internal: string[] = [];
    let probe = 0;
    for (const token of ['victor-token-0123456789', 'olga-token-0123456789']) {
      let session = await open(token);
      await fc.assert(
        fc.asyncProperty(wsMessageArb(known), async (m) => {
          if (session.ws.readyState !== WebSocket.OPEN) session = await open(token);
          session.ws.send(JSON.stringify(m));
          // Whatever that was, the session still answers a snapshot (or closed cleanly, and a new one does).
          const id = `probe-${++probe}`;
          session.ws.send(JSON.stringify({ type: 'snapshot', id }));
          const end = Date.now() + 10_000;
          while (!session.replies.some((r) => r.id === id) && session.ws.readyState === WebSocket.OPEN && Date.now() < end)
            await new Promise((r) => setTimeout(r, 2));
          for (const r of session.replies.splice(0)) if (r.kind === 'internal') internal.push(`${JSON.stringify(m).slice(0, 200)} → ${r.message}`);
          count(session.ws.readyState === WebSocket.OPEN ? 101 : 1000);
          return daemon.alive() && Date.now() < end;
        }),
        { numRuns: Math.ceil(WS_RUNS / 2), seed: LONG ? undefined : 13, endOnFailure: true },
      );
      session.ws.close();
    }
    expect(internal).toEqual([]);
    expect(daemon.alive()).toBe(true);
  }, 600_000);

  it('memory stayed bounded, and the daemon still answers and stops cleanly', async () => {
    expect(rssAtStart).toBeGreaterThan(0);
    expect(daemon.rss() - rssAtStart).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(await send(daemon.url, { method: 'GET', path: '/api/health', query: {}, body: undefined, contentType: '', auth: 'none' })).toBe(200);
    expect(daemon.stderr()).not.toMatch(/internal error|TypeError|RangeError/);
  });
});
