import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { fakeHttp, type FakeHttp } from '../../test-support/status-services.js';

let web: FakeHttp | undefined;
afterAll(() => web?.close());

describe('rdo-console status, probe and incident (the real binary)', () => {
  it('status exits 0 only when all is operational and probed; incidents open, update, resolve, list; bad input exits 2', async () => {
    web = await fakeHttp('up');
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(
      join(fx.configDir, 'status.yml'),
      `services:\n  - name: web\n    group: Public\n    probe: { kind: http, url: '${web.url}' }\n    rule: { failures: 1, major-after: 1, recover: 1 }\n  - name: disk\n    group: Engine\n    probe: { kind: internal, part: disk, min-free: 0 }\n`,
    );
    const d = ['--config', fx.configDir, '--data', fx.dataDir];

    const never = await cli([...d, 'status']);
    expect(never.code).toBe(1);
    expect(never.stdout).toContain('STALE: no probe round since ever');

    const probed = await cli([...d, 'probe']);
    expect(probed.code, probed.stderr).toBe(0);
    expect(probed.stdout).toMatch(/RDO: All Systems Operational\nPublic:\n {2}● operational +web/);
    const ok = await cli([...d, 'status', '--json']);
    expect(ok.code).toBe(0);
    const okView = JSON.parse(ok.stdout) as { services: { name: string; state: string; uptime: unknown[] }[] };
    expect(okView.services[0]!.uptime).toHaveLength(30);
    const full = JSON.parse((await cli([...d, 'status', '--json', '--days', '90'])).stdout) as typeof okView;
    expect(full.services[0]!.uptime).toHaveLength(90);
    expect(okView.services.map((s) => [s.name, s.state])).toEqual([
      ['web', 'operational'],
      ['disk', 'operational'],
    ]);

    web.mode = 'down';
    expect((await cli([...d, 'probe'])).code).toBe(0);
    const down = await cli([...d, 'status', '--json']);
    expect(down.code).toBe(1);
    const v = JSON.parse(down.stdout) as { notOperational: number; services: { name: string; state: string; error: string }[] };
    expect(v.notOperational).toBe(1);
    expect(v.services[0]).toMatchObject({ name: 'web', state: 'major_outage', error: 'HTTP 503 (expected 200)' });
    expect((await cli([...d, 'status'])).stdout).toMatch(/✖ major outage +web .*HTTP 503/);

    const opened = await cli([...d, 'incident', 'open', 'Web is down', '--services', 'web', '--impact', 'major']);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/^#1 \[investigating\] Web is down \(impact major; web\)/);
    expect((await cli([...d, 'incident', 'update', '1', 'identified', 'bad deploy'])).code).toBe(0);
    const resolved = await cli([...d, 'incident', 'resolve', '1', 'rolled back']);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(/#1 \[resolved\][^\n]*\n.*resolved: rolled back.*\n.*identified: bad deploy.*\n.*investigating: We are investigating\./);
    const list = JSON.parse((await cli([...d, 'incident', 'list', '--json'])).stdout) as { id: number; status: string }[];
    expect(list.map((i) => [i.id, i.status])).toEqual([[1, 'resolved']]);

    const again = await cli([...d, 'incident', 'update', '1', 'monitoring', 'x']);
    expect(again.code).toBe(1);
    expect(again.stdout + again.stderr).toContain('incident 1 is resolved');
    const unknown = await cli([...d, 'incident', 'open', 'x', '--services', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout + unknown.stderr).toContain('services: unknown service "nope"; services: web, disk');
    const badStatus = await cli([...d, 'incident', 'update', '1', 'fixed', 'x']);
    expect(badStatus.code).toBe(2);

    writeFileSync(join(fx.configDir, 'status.yml'), 'services:\n  - name: web\n    probe: { kind: gopher }\n');
    const bad = await cli([...d, 'status']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/status\.yml:3: services\[0\]\.probe\.kind: unknown probe kind/);
  }, 120_000);
});
