import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedProxy } from '../../test-support/feed-proxy.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { OPERATOR_TOKEN, REPLICATION_TOKEN, replicaDataDir, VIEWER_TOKEN, writePairOperators } from '../../test-support/replica-pair.js';
import { serve } from '../api/serve.js';
import { Engine, SYSTEM_ACTOR } from '../engine.js';
import { replicaOf } from './index.js';
import type { ReplicaStatusView } from './view.js';

interface Daemon {
  url: string;
  lines: string[];
  stop(): Promise<number>;
}

async function start(options: { configDir: string; dataDir: string; replicaOf?: string; token?: string }): Promise<Daemon> {
  const lines: string[] = [];
  const stop = new AbortController();
  const exit = serve({ ...options, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: stop.signal });
  const url = await Promise.race([
    exit.then((code) => {
      throw new Error(`serve exited ${code}: ${lines.join('\n')}`);
    }),
    (async () => {
      for (let i = 0; i < 400 && !/serving .* on http:\/\/127\.0\.0\.1:\d+/.test(lines.join('\n')); i++) await new Promise((r) => setTimeout(r, 50));
      return /on (http:\/\/\S+?) /.exec(lines.join('\n'))![1]!;
    })(),
  ]);
  return {
    url,
    lines,
    stop: () => {
      stop.abort();
      return exit;
    },
  };
}

/** What `rdo-console replica …` does: an engine opened on the data directory beside the daemon. */
async function withEngine<T>(fx: Fixture, dataDir: string, fn: (e: Engine) => Promise<T>): Promise<T> {
  const engine = Engine.open({ configDir: fx.configDir, dataDir });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

const status = (fx: Fixture, dataDir: string) => withEngine(fx, dataDir, async (e) => (await e.query('replica.status', {})) as ReplicaStatusView);

describe('a replica daemon following a primary daemon', () => {
  let fx: Fixture;
  let primary: Daemon;
  let replica: Daemon;
  let replicaDir: string;
  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }], { 'run-interval': 2 });
    writePairOperators(fx);
    replicaDir = replicaDataDir(fx);
    primary = await start({ configDir: fx.configDir, dataDir: fx.dataDir });
  }, 60_000);
  afterAll(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('refuses a wrong token, then copies and streams the builds the primary makes', async () => {
    const refused = await serve({
      configDir: fx.configDir,
      dataDir: replicaDataDir(fx, 'wrong'),
      listen: '127.0.0.1:0',
      replicaOf: primary.url,
      token: VIEWER_TOKEN,
      log: () => undefined,
    });
    expect(refused).toBe(1);
    replica = await start({ configDir: fx.configDir, dataDir: replicaDir, replicaOf: primary.url, token: REPLICATION_TOKEN });
    expect(replica.lines.join('\n')).toContain(`read-only replica of ${primary.url}`);
    await fx.commit('pkg-a');
    const builds = (dir: string) =>
      withEngine(fx, dir, async (e) => e.db.prepare('SELECT id, status FROM builds ORDER BY id').all() as { id: number; status: string }[]);
    // The primary builds the first commits, then the new one; the replica follows every step.
    await expect.poll(async () => (await builds(fx.dataDir)).filter((b) => b.status !== 'BUILDING').length, { timeout: 60_000, interval: 500 }).toBe(3);
    const onPrimary = await builds(fx.dataDir);
    await expect.poll(() => builds(replicaDir), { timeout: 10_000, interval: 200 }).toEqual(onPrimary);
    const s = await status(fx, replicaDir);
    expect(s).toMatchObject({ role: 'replica', primaryUrl: primary.url, state: 'streaming', generation: 1 });
    const p = await status(fx, fx.dataDir);
    expect(p.peers).toHaveLength(1);
    expect(p.peers[0]).toMatchObject({ url: replica.url, state: 'streaming' });
  }, 90_000);

  it('verifies clean at one position, and names the first table that differs', async () => {
    const clean = await withEngine(fx, replicaDir, (e) => e.dispatch({ name: 'replica.verify' }, SYSTEM_ACTOR));
    expect(clean).toMatchObject({ ok: true });
    expect(clean.message).toMatch(/verify clean at position \d+/);
    const tampered = await withEngine(fx, replicaDir, async (e) => {
      e.db.prepare("UPDATE packages SET maintainers = '[]' WHERE name = 'pkg-b'").run();
      return e.dispatch({ name: 'replica.verify' }, SYSTEM_ACTOR);
    });
    expect(tampered).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(tampered.message).toMatch(/packages differs at position/);
    await withEngine(fx, replicaDir, async (e) => {
      e.db.prepare("UPDATE packages SET maintainers = '[\"fixture@example.org\"]' WHERE name = 'pkg-b'").run();
    });
  }, 60_000);

  it('verifies clean while its follower catches up and the primary goes on writing', async () => {
    // A proxy in front of the primary holds the checksums reply back; meanwhile the primary writes more and a
    // replica daemon following through the proxy would apply past the position the checksums name.
    const position = (dir: string) =>
      withEngine(fx, dir, async (e) => (e.db.prepare('SELECT position FROM replica_node').get() as { position: number }).position);
    let named: number | null = null;
    const proxy = await feedProxy(primary.url, async (path, body) => {
      if (path.endsWith('/checksums')) {
        named = (JSON.parse(body.toString()) as { position: number }).position;
        await withEngine(fx, fx.dataDir, async (e) => {
          for (let i = 0; i < 50; i++) e.events.append('command', { name: 'filler', args: { i }, ok: true, result: 'filler' }, 'test');
        });
        const until = Date.now() + 4_000;
        while (Date.now() < until && (await position(viaProxyDir)) <= named) await new Promise((r) => setTimeout(r, 100));
      }
      return body;
    });
    const proxyUrl = proxy.url;
    const viaProxyDir = replicaDataDir(fx, 'via-proxy');
    const follower = await start({ configDir: fx.configDir, dataDir: viaProxyDir, replicaOf: proxyUrl, token: REPLICATION_TOKEN });
    try {
      await expect.poll(async () => (await status(fx, viaProxyDir)).state, { timeout: 30_000 }).toBe('streaming');
      const verified = await withEngine(fx, viaProxyDir, (e) => e.dispatch({ name: 'replica.verify' }, SYSTEM_ACTOR));
      expect(named).not.toBeNull();
      expect(verified.message).toBe(`replica verify clean at position ${named} (${(verified.data as { tables: unknown[] }).tables.length} tables)`);
      // The hold is lifted: the follower goes on past the verified position.
      await expect.poll(() => position(viaProxyDir), { timeout: 20_000 }).toBeGreaterThan(named!);
    } finally {
      await follower.stop();
      await proxy.close();
    }
  }, 90_000);

  it('a primary at another schema: a new replica copies nothing and names the migrations; a streaming one stops applying and says to upgrade', async () => {
    const FUTURE = 'checklists/999-from-a-newer-version';
    let upgraded = false;
    const proxy = await feedProxy(primary.url, (path, body) => {
      if (!upgraded) return body;
      const reply = JSON.parse(body.toString()) as { schema: unknown };
      if (path.endsWith('/hello')) {
        const ours = reply.schema as { migrations: string[] };
        reply.schema = { version: 'f0f0f0f0f0f0f0f0', migrations: [...ours.migrations, FUTURE] };
      }
      if (path.endsWith('/changes')) reply.schema = 'f0f0f0f0f0f0f0f0';
      return Buffer.from(JSON.stringify(reply));
    });
    const dir = replicaDataDir(fx, 'schema-follower');
    const follower = await start({ configDir: fx.configDir, dataDir: dir, replicaOf: proxy.url, token: REPLICATION_TOKEN });
    const position = () => withEngine(fx, dir, async (e) => (e.db.prepare('SELECT position FROM replica_node').get() as { position: number }).position);
    try {
      await expect.poll(async () => (await status(fx, dir)).state, { timeout: 30_000 }).toBe('streaming');
      upgraded = true;
      // What `rdo-console replica status` says on the replica: it asks the primary, which answers at the new schema.
      const s = await status(fx, dir);
      expect(s.state).toBe('diverged');
      expect(s.detail).toMatch(/^the primary's schema changed to f0f0f0f0f0f0f0f0 \(this replica: [0-9a-f]{16}\); upgrade this replica$/);
      const at = await position();
      await withEngine(fx, fx.dataDir, async (e) => {
        for (let i = 0; i < 20; i++) e.events.append('command', { name: 'after-upgrade', args: { i }, ok: true, result: 'x' }, 'test');
      });
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await position()).toBe(at);

      const lines: string[] = [];
      const fresh = replicaDataDir(fx, 'schema-fresh');
      const code = await serve({
        configDir: fx.configDir,
        dataDir: fresh,
        listen: '127.0.0.1:0',
        replicaOf: proxy.url,
        token: REPLICATION_TOKEN,
        log: (l) => lines.push(l),
      });
      expect(code).toBe(1);
      expect(lines.at(-1)).toContain(`schema differs: primary ${proxy.url} is at f0f0f0f0f0f0f0f0`);
      expect(lines.at(-1)).toContain(`only on the primary: ${FUTURE}; run the same rdo-console version on both`);
      expect(await withEngine(fx, fresh, async (e) => e.db.prepare('SELECT copied FROM replica_node').get())).toEqual({ copied: 0 });
    } finally {
      await follower.stop();
      await proxy.close();
    }
  }, 90_000);

  it('serves reads and refuses every write, naming the primary', async () => {
    expect((await fetch(`${replica.url}/api/promotions`)).status).toBe(200);
    const write = await fetch(`${replica.url}/api/recheck_package`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"package_name":"pkg-a"}',
    });
    expect(write.status).toBe(409);
    expect(((await write.json()) as { message: string }).message).toBe(`read-only replica of ${primary.url}: send changes to the primary`);
    const r = await withEngine(fx, replicaDir, (e) => e.dispatch({ name: 'loop.pause', args: { loop: 'trunk' } }, SYSTEM_ACTOR));
    expect(r).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(r.message).toContain('read-only replica of');
  });

  it('lets only a replication token pull changes', async () => {
    const { position } = (await (await fetch(`${primary.url}/replica/v1/hello`)).json()) as { position: number };
    const as = (token: string) => fetch(`${primary.url}/replica/v1/changes?after=${position}&limit=1`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await as(REPLICATION_TOKEN)).status).toBe(200);
    expect((await as(OPERATOR_TOKEN)).status).toBe(401);
    expect((await as(VIEWER_TOKEN)).status).toBe(401);
  });

  it('shows its lag in /metrics', async () => {
    const text = await (await fetch(`${replica.url}/metrics`)).text();
    expect(text).toMatch(/rdo_replica_lag_seconds\{replica="self"\} \d/);
    expect(text).toMatch(/rdo_replica_up\{replica="self"\} 1/);
  });
});
