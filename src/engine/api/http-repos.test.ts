import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRepos } from './http-repos.js';
import { rawRequest as raw } from './http-test-client.js';

describe('repos/ served read-only', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'rdo-repos-'));
    const repos = join(root, 'repos');
    const hashed = join(repos, 'ab', 'cd', 'abcd_1234');
    mkdirSync(join(hashed, 'repodata'), { recursive: true });
    writeFileSync(join(hashed, 'repodata', 'repomd.xml'), '<repomd/>\n');
    writeFileSync(join(hashed, 'delorean.repo'), '[delorean]\n');
    writeFileSync(join(hashed, 'a <b>&.txt'), 'odd\n');
    symlinkSync('ab/cd/abcd_1234', join(repos, 'current'));
    writeFileSync(join(root, 'trunk.db'), 'secret');
    mkdirSync(join(root, 'outside'));
    symlinkSync('../trunk.db', join(repos, 'leak'));
    symlinkSync('../outside', join(repos, 'leakdir'));
    server = createServer((req, res) => void serveRepos(repos, (req.url ?? '').split('?')[0]!.slice('/repos/'.length), req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves files through symlinks with their length and type', async () => {
    const r = await raw(base, '/repos/current/repodata/repomd.xml');
    expect(r).toMatchObject({ status: 200, body: '<repomd/>\n' });
    expect(r.headers['content-length']).toBe('10');
    expect(r.headers['content-type']).toBe('application/xml');
    const head = await raw(base, '/repos/current/delorean.repo', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('11');
  });

  it('lists directories as HTML, escaping names', async () => {
    const r = await raw(base, '/repos/current/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('<a href="repodata/">repodata/</a>');
    expect(r.body).toContain('<a href="a%20%3Cb%3E%26.txt">a &#60;b&#62;&#38;.txt</a>');
    expect(r.body).toContain('<a href="../">../</a>');
    expect((await raw(base, '/repos/')).body).toContain('<a href="current/">current/</a>');
    const bare = await raw(base, '/repos/current?x=1');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/repos/current/?x=1');
  });

  it('refuses anything that leaves the repository root', async () => {
    for (const path of ['/repos/../trunk.db', '/repos/%2e%2e/trunk.db', '/repos/current/../../../../trunk.db', '/repos/leak', '/repos/leakdir/']) {
      const r = await raw(base, path);
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.body)).toHaveProperty('message');
      expect(r.body).not.toContain('secret');
    }
    expect((await raw(base, '/repos/a%2Fb')).status).toBe(400);
  });

  it('404 and 405 are JSON', async () => {
    const missing = await raw(base, '/repos/nope.xml');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ message: 'not found' });
    const post = await raw(base, '/repos/current/delorean.repo', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(post.body).message).toMatch(/read-only/);
  });
});
