import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { dataPaths } from '../paths.js';
import { serve } from './serve.js';

describe('rdo-console serve', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }]);
  });

  it('a bad --listen is an error naming it', async () => {
    await expect(serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: 'nowhere', log: () => undefined })).rejects.toThrow('--listen "nowhere"');
  });

  it('serves until stopped, then closes everything', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const exit = serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: stop.signal });
    await expect.poll(() => lines.join('\n'), { timeout: 10_000 }).toMatch(/serving .* on http:\/\/127\.0\.0\.1:\d+/);
    expect(lines[0]).toMatch(/no .*operators\.yml: no console may attach/);
    const url = /on (http:\/\/\S+)/.exec(lines.join('\n'))![1]!;
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ result: 'ok' });
    stop.abort();
    expect(await exit).toBe(0);
    expect(lines).toContain('stopping');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('refuses to drive a data directory another live process holds', async () => {
    writeFileSync(dataPaths(fx.dataDir).lockFile, String(process.ppid));
    const lines: string[] = [];
    expect(await serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([`rdo-console: another rdo-console (pid ${process.ppid}) is driving ${join(fx.dataDir)}; stop it or attach to it`]);
  });
});
