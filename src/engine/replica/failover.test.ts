import { execa, type ResultPromise } from 'execa';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli } from '../../test-support/cli.js';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { REPLICATION_TOKEN, replicaDataDir, writePairOperators } from '../../test-support/replica-pair.js';
import { hashPassword } from '../config/operators.js';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine.js';

interface Daemon {
  url: string;
  proc: ResultPromise;
  stderr: () => string;
}

const API_USER = { name: 'ci', password: 'ci-password-for-tests' };
const auth = `Basic ${Buffer.from(`${API_USER.name}:${API_USER.password}`).toString('base64')}`;

/** A real `rdo-console serve` process (so it can be killed with SIGKILL). */
async function daemon(fx: Fixture, dataDir: string, extra: string[] = []): Promise<Daemon> {
  const proc = execa(process.execPath, [BIN, 'serve', '--config', fx.configDir, '--data', dataDir, '--listen', '127.0.0.1:0', ...extra], {
    reject: false,
    env: { CI: 'true' },
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 600 && !/serving .* on http:\/\/127\.0\.0\.1:\d+/.test(err); i++) {
    if (proc.exitCode !== null) throw new Error(`serve exited ${proc.exitCode}: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /on (http:\/\/\S+?) /.exec(err)?.[1];
  if (!url) throw new Error(`serve did not start: ${err}`);
  return { url, proc, stderr: () => err };
}

async function kill9(d: Daemon): Promise<void> {
  d.proc.kill('SIGKILL');
  await d.proc;
}

async function stop(d: Daemon | undefined): Promise<void> {
  if (!d || d.proc.exitCode !== null) return;
  d.proc.kill('SIGTERM');
  await d.proc;
}

function read<T>(fx: Fixture, dataDir: string, fn: (e: Engine) => T): T {
  const e = Engine.open({ configDir: fx.configDir, dataDir });
  try {
    return fn(e);
  } finally {
    void e.close();
  }
}

const statusOf = async (fx: Fixture, dataDir: string) =>
  JSON.parse((await cli(['replica', 'status', '--json', '--config', fx.configDir, '--data', dataDir])).stdout);
const position = (fx: Fixture, dataDir: string) =>
  read(fx, dataDir, (e) => (e.db.prepare('SELECT position FROM replica_node').get() as { position: number }).position);

const recheck = (url: string) =>
  fetch(`${url}/api/recheck_package`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: auth },
    body: '{"package_name":"pkg-b"}',
  });

describe('replica failover with real daemons and kill -9', () => {
  let fx: Fixture;
  let replicaDir: string;
  const running: Daemon[] = [];
  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }], { 'run-interval': 1 });
    writePairOperators(fx);
    appendFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ${API_USER.name}, password-scrypt: "${await hashPassword(API_USER.password)}"}\n`);
    replicaDir = replicaDataDir(fx);
  }, 60_000);
  afterAll(async () => {
    for (const d of running) await stop(d);
  });

  it('a replica killed while applying a backlog resumes with no gap and no repeat; the primary killed, the replica is promoted, the old primary is fenced until demoted, then follows', async () => {
    let primary = await daemon(fx, fx.dataDir);
    running.push(primary);
    let replica = await daemon(fx, replicaDir, ['--replica-of', primary.url, '--token', REPLICATION_TOKEN]);
    running.push(replica);
    await fx.commit('pkg-b', 'break');
    await expect.poll(async () => (await statusOf(fx, replicaDir)).state, { timeout: 30_000 }).toBe('streaming');

    // A backlog of 30,000 row changes on the primary, then the replica is killed in the middle of applying it.
    await kill9(replica);
    read(fx, fx.dataDir, (e) =>
      e.db.transaction(() => {
        for (let i = 0; i < 30_000; i++) e.events.append('command', { name: 'backlog', args: { i }, ok: true, result: 'filler' }, 'test');
      })(),
    );
    const before = position(fx, replicaDir);
    replica = await daemon(fx, replicaDir);
    running.push(replica);
    await expect.poll(() => position(fx, replicaDir), { timeout: 30_000, interval: 20 }).toBeGreaterThan(before);
    await kill9(replica);
    const head = read(fx, fx.dataDir, (e) => (e.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'replica_changes'").get() as { seq: number }).seq);
    expect(position(fx, replicaDir)).toBeLessThan(head);
    replica = await daemon(fx, replicaDir);
    running.push(replica);
    const verify = await cli(['replica', 'verify', '--config', fx.configDir, '--data', replicaDir]);
    expect(verify.stdout).toMatch(/^verify clean at position \d+/);
    expect(verify.code).toBe(0);
    const filler = (dir: string) => read(fx, dir, (e) => e.db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d FROM events WHERE actor = 'test'").get());
    expect(filler(replicaDir)).toEqual({ n: 30_000, d: 30_000 });

    // The FAILED build of pkg-b is on the replica; the replica refuses its recheck.
    await expect
      .poll(() => read(fx, replicaDir, (e) => e.db.prepare("SELECT COUNT(*) AS n FROM builds WHERE status = 'FAILED'").get()), { timeout: 60_000 })
      .toEqual({ n: 1 });
    expect((await recheck(replica.url)).status).toBe(409);

    // kill -9 of the primary; the replica is promoted (the host name typed) and takes the write.
    await kill9(primary);
    const wrongHost = await cli(['replica', 'promote', 'not-this-host', '--config', fx.configDir, '--data', replicaDir]);
    expect(wrongHost.code).toBe(2);
    expect(wrongHost.stdout).toContain(`is not ${hostname()}`);
    const promoted = await cli(['replica', 'promote', hostname(), '--config', fx.configDir, '--data', replicaDir]);
    expect(promoted.stdout).toMatch(/promoted: writable primary of generation 2/);
    await expect.poll(async () => (await recheck(replica.url)).status, { timeout: 10_000 }).toBe(201);

    // The old primary comes back: it asks the replica it knew, learns of generation 2, and refuses writes.
    primary = await daemon(fx, fx.dataDir);
    running.push(primary);
    const refused = await recheck(primary.url);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^fenced: a newer primary \(generation 2/);

    // Demoted, it re-copies from the new primary and follows it.
    const noToken = await cli(['replica', 'demote', '--follow', replica.url, '--config', fx.configDir, '--data', fx.dataDir]);
    expect(noToken).toMatchObject({ code: 2, stdout: expect.stringContaining('no replication token: give --token') });
    expect((await recheck(primary.url)).status).toBe(409);
    const demoted = await cli(['replica', 'demote', '--follow', replica.url, '--token', REPLICATION_TOKEN, '--config', fx.configDir, '--data', fx.dataDir]);
    expect(demoted.stdout).toMatch(/demoted: a replica of/);
    await expect.poll(async () => (await statusOf(fx, fx.dataDir)).state, { timeout: 30_000 }).toBe('streaming');
    expect(await statusOf(fx, fx.dataDir)).toMatchObject({ role: 'replica', primaryUrl: replica.url, generation: 2 });
    const again = await cli(['replica', 'verify', '--config', fx.configDir, '--data', fx.dataDir]);
    expect(again.stdout).toMatch(/^verify clean/);
    expect(read(fx, fx.dataDir, (e) => e.db.prepare("SELECT COUNT(*) AS n FROM commits WHERE package = 'pkg-b'").get())).toEqual(
      read(fx, replicaDir, (e) => e.db.prepare("SELECT COUNT(*) AS n FROM commits WHERE package = 'pkg-b'").get()),
    );
  }, 240_000);
});
