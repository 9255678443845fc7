import { execa } from 'execa';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { repoPackages } from '../../test-support/repodata.js';
import { hashPassword } from '../config/operators.js';
import { callApi } from './dlrn-test-client.js';
import { serve } from './serve.js';

interface Daemon {
  url: string;
  stop: () => Promise<number>;
}

async function startDaemon(configDir: string, dataDir: string): Promise<Daemon> {
  const lines: string[] = [];
  const abort = new AbortController();
  const exit = serve({ configDir, dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: abort.signal });
  const started = Date.now();
  while (!/serving .* on http:\/\/127\.0\.0\.1:\d+/.test(lines.join('\n'))) {
    if (Date.now() - started > 20_000) throw new Error(`daemon did not start: ${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: /on (http:\/\/\S+?),? /.exec(lines.join('\n'))![1]!, stop: () => (abort.abort(), exit) };
}

describe('POST /api/remote/import between two daemons on loopback', () => {
  let fx: Fixture;
  let source: Daemon, target: Daemon;
  let targetData: string;
  const sourceRepos = () => join(fx.dataDir, 'repos');
  const importFrom = (repoUrl: string) => callApi(target.url, 'POST', '/api/remote/import', { auth: ['ci', 'ci-pass'], body: { repo_url: repoUrl } });
  const message = (r: { json: unknown }) => (r.json as { message: string }).message;
  const repoOf = (pkg: string) => {
    const csv = readFileSync(join(sourceRepos(), 'current', 'versions.csv'), 'utf8');
    const row = csv
      .split('\n')
      .find((l) => l.startsWith(`${pkg},`))!
      .split(',');
    const [commit, distro] = [row[2]!, row[4]!];
    return { commit, distro, path: `${commit.slice(0, 2)}/${commit.slice(2, 4)}/${commit}_${distro.slice(0, 8)}` };
  };

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b', requires: ['pkg-a'] }], { 'run-interval': 3600 });
    writeFileSync(join(fx.configDir, 'operators.yml'), `users:\n  - {name: ci, password-scrypt: "${await hashPassword('ci-pass')}"}\n`);
    source = await startDaemon(fx.configDir, fx.dataDir);
    const until = Date.now() + 60_000;
    // Both packages built and published: the first publication already makes `consistent`, with one package.
    const builtBoth = () => {
      const csv = join(sourceRepos(), 'consistent', 'versions.csv');
      return existsSync(csv) && ['pkg-a', 'pkg-b'].every((p) => readFileSync(csv, 'utf8').includes(`\n${p},`));
    };
    while (!builtBoth()) {
      if (Date.now() > until) throw new Error('the source daemon built nothing');
      await new Promise((r) => setTimeout(r, 200));
    }
    // The target knows the same packages but cannot reach their git: whatever it has, it imported.
    const targetConfig = join(mkdtempSync(join(tmpdir(), 'rdo-import-')), 'config');
    cpSync(fx.configDir, targetConfig, { recursive: true });
    const rdoinfo = join(targetConfig, 'rdoinfo.yml');
    writeFileSync(rdoinfo, readFileSync(rdoinfo, 'utf8').replaceAll(`${fx.root}/upstream/`, '/nonexistent/upstream/'));
    targetData = join(targetConfig, '..', 'data');
    target = await startDaemon(targetConfig, targetData);
  }, 120_000);
  afterAll(async () => {
    await target?.stop();
    await source?.stop();
  });

  it('imports a hashed repo: the commit appears with its RPMs and source RPM, and dnf repoclosure passes on the new repo', async () => {
    const a = repoOf('pkg-a');
    const r = await importFrom(`${source.url}/repos/${a.path}/`);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ commit_hash: a.commit, distro_hash: a.distro, repo_path: a.path });
    const dir = join(targetData, 'repos', a.path);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.rpm'))
        .sort(),
    ).toEqual(
      readdirSync(join(sourceRepos(), a.path))
        .filter((f) => f.startsWith('pkg-a-') && f.endsWith('.rpm'))
        .sort(),
    );
    expect(repoPackages(dir).map((n) => n.split('-1.0.0')[0])).toEqual(['pkg-a', 'pkg-a']);
    expect(readlinkSync(join(targetData, 'repos', 'current'))).toBe(a.path);
    const status = await callApi(target.url, 'GET', `/api/repo_status?commit_hash=${a.commit}&distro_hash=${a.distro}`);
    expect([status.status, status.json]).toEqual([200, []]);
    const cache = mkdtempSync(join(tmpdir(), 'rdo-dnf-'));
    const closure = await execa(
      'dnf',
      [
        '--quiet',
        'repoclosure',
        '--releasever=9',
        '--setopt=reposdir=/nonexistent',
        `--setopt=cachedir=${cache}`,
        '--repofrompath',
        `imported,${dir}`,
        '--repo',
        'imported',
      ],
      { reject: false, timeout: 120_000 },
    );
    expect([closure.exitCode, closure.stderr]).toEqual([0, '']);
    const again = await importFrom(`${source.url}/repos/${a.path}`);
    expect(again.status).toBe(409);
  }, 120_000);

  it('refuses a repo_url that is not http(s), a commit.yaml that does not parse and an RPM whose checksum does not match, writing nothing', async () => {
    const before = readdirSync(join(targetData, 'repos'), { recursive: true }).length;
    const ftp = await importFrom('ftp://127.0.0.1/repos/x');
    expect([ftp.status, message(ftp)]).toEqual([400, 'repo_url must be an http(s) URL (got ftp://)']);

    mkdirSync(join(sourceRepos(), 'broken'));
    writeFileSync(join(sourceRepos(), 'broken', 'commit.yaml'), 'commits: [ {project_name: pkg-a\n');
    const garbled = await importFrom(`${source.url}/repos/broken`);
    expect(garbled.status).toBe(400);
    expect(message(garbled)).toMatch(/\/repos\/broken\/commit\.yaml does not parse/);

    const b = repoOf('pkg-b');
    const rpm = readdirSync(join(sourceRepos(), b.path)).find((f) => f.startsWith('pkg-b-') && f.endsWith('.noarch.rpm'))!;
    appendFileSync(join(sourceRepos(), b.path, rpm), 'tampered');
    const tampered = await importFrom(`${source.url}/repos/${b.path}`);
    expect(tampered.status).toBe(400);
    expect(message(tampered)).toMatch(new RegExp(`^checksum mismatch for ${rpm.replaceAll('.', '\\.')}: the repodata says [0-9a-f]{64}, got [0-9a-f]{64}$`));
    expect(existsSync(join(targetData, 'repos', b.path))).toBe(false);
    const status = await callApi(target.url, 'GET', `/api/repo_status?commit_hash=${b.commit}&distro_hash=${b.distro}`);
    expect(status.status).toBe(400);
    expect(readdirSync(join(targetData, 'repos'), { recursive: true }).length).toBe(before);
    expect(readdirSync(join(targetData, 'tmp'))).toEqual([]);
  }, 60_000);
});
