import { expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { serve } from './serve.js';

it('rdo-console serve answers the DLRN API', async () => {
  const fx = await createFixture([{ name: 'pkg-a' }]);
  const lines: string[] = [];
  const stop = new AbortController();
  const exit = serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: stop.signal });
  await expect.poll(() => lines.join('\n'), { timeout: 10_000 }).toMatch(/serving .* on http:\/\/127\.0\.0\.1:\d+/);
  const url = /on (http:\/\/\S+)/.exec(lines.join('\n'))![1]!;
  const none = await fetch(`${url}/api/last_tested_repo?max_age=0`);
  expect([none.status, await none.json()]).toEqual([400, { message: 'No vote found' }]);
  expect(await (await fetch(`${url}/api/promotions`)).json()).toEqual([]);
  const anonymous = await fetch(`${url}/api/promote`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(anonymous.status).toBe(401);
  stop.abort();
  expect(await exit).toBe(0);
});
