import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { cli } from '../../test-support/cli.js';
import { serve } from '../api/serve.js';

describe('maintenance over the CLI and HTTP', () => {
  it('adds and lists windows from the CLI (exit 2 on a bad request) and serves them as .ics and Statuspage JSON', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const base = ['--config', fx.configDir, '--data', fx.dataDir];
    const start = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const bad = await cli([...base, 'maintenance', 'add', 'x', '--start', start, '--minutes', '5', '--loops', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/loops: unknown loop "nope"/);
    const added = await cli([...base, 'maintenance', 'add', 'db upgrade', '--start', start, '--minutes', '60', '--loops', 'trunk', '--services', 'repos']);
    expect(added).toMatchObject({ code: 0, stdout: expect.stringMatching(/^mw-1 .*db upgrade.*UPCOMING/) });
    const listed = JSON.parse((await cli([...base, 'maintenance', 'list', '--json'])).stdout) as { windows: { id: string }[] };
    expect(listed.windows.map((w) => w.id)).toEqual(['mw-1']);

    const lines: string[] = [];
    const stop = new AbortController();
    const exit = serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: stop.signal });
    try {
      await expect.poll(() => lines.join('\n'), { timeout: 10_000 }).toMatch(/on http:\/\/127\.0\.0\.1:\d+/);
      const url = /on (http:\/\/\S+)/.exec(lines.join('\n'))![1]!;
      const ics = await fetch(`${url}/maintenance.ics`);
      expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
      const text = (await ics.text()).replace(/\r\n[ \t]/g, '');
      expect(text).toMatch(/BEGIN:VEVENT\r\nUID:mw-1\r\n/);
      expect(text).toMatch(/SUMMARY:db upgrade/);
      const sp = (await (await fetch(`${url}/api/v2/scheduled-maintenances.json`)).json()) as { scheduled_maintenances: unknown[] };
      expect(sp.scheduled_maintenances).toEqual([
        expect.objectContaining({
          id: 'mw-1',
          name: 'db upgrade',
          status: 'scheduled',
          scheduled_for: new Date(Date.parse(start)).toISOString(),
          components: [{ id: 'repos', name: 'repos', status: 'operational' }],
        }),
      ]);
    } finally {
      stop.abort();
      await exit;
    }
  });
});
