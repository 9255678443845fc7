import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { serve } from '../api/serve.js';
import type { AlertsListView, SilenceView } from './view.js';

describe('rdo-console alerts and silence (the real binary)', () => {
  it('alerts [--json] lists what fires; silence add, list, expire; bad input exits 2 naming it', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    expect((await cli([...d, 'trunk', 'run', '--once'])).code).toBe(0);
    const quiet = await cli([...d, 'alerts']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/^0 firing, 0 pending, 0 silenced, 0 resolved · \d+ rules from .*alerts\.yml$/m);

    await fx.commit('pkg-a', 'break');
    // A pass with a failed build exits 1.
    expect((await cli([...d, 'trunk', 'run', '--once'])).code).toBe(1);
    const text = await cli([...d, 'alerts']);
    expect(text.stdout).toMatch(
      /^FIRING {3}critical pkg-a: build failing {2}\[PackageFailing\] — firing for \d+s · trunk\.package-failing\.pkg-a = true, want = true$/m,
    );
    const json = JSON.parse((await cli([...d, 'alerts', '--json'])).stdout) as AlertsListView;
    expect(json.counts.firing).toBe(1);
    expect(json.alerts[0]).toMatchObject({ name: 'PackageFailing', state: 'firing', labels: { package: 'pkg-a' }, jump: { pane: 'trunk', row: 'ppkg-a' } });

    const add = await cli([
      ...d,
      'silence',
      'add',
      '--matcher',
      'alertname=PackageFailing',
      // A repeated --matcher adds to the others (a silence never silently broadens).
      '--matcher',
      'package=~pkg-.*',
      '--duration',
      '2h',
      '--comment',
      'known, fix under review',
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(
      /^s-1 {4}active {3}alertname=PackageFailing,package=~pkg-\.\* {2}until \S+ {2}by \S+: known, fix under review {2}\(matches 1\)$/m,
    );
    const silenced = JSON.parse((await cli([...d, 'alerts', '--json'])).stdout) as AlertsListView;
    expect(silenced.counts).toMatchObject({ firing: 0, silenced: 1 });
    expect((await cli([...d, 'alerts'])).stdout).toMatch(/^SILENCED critical pkg-a: build failing .*silenced by s-1 \(\S+: known, fix under review\)/m);
    const list = JSON.parse((await cli([...d, 'silence', 'list', '--json'])).stdout) as AlertsListView;
    expect(list.silences.map((s: SilenceView) => [s.id, s.state, s.comment])).toEqual([['s-1', 'active', 'known, fix under review']]);

    const expire = await cli([...d, 'silence', 'expire', 's-1']);
    expect(expire.code, expire.stderr).toBe(0);
    expect((await cli([...d, 'silence', 'list'])).stdout).toMatch(/^s-1 {4}expired /m);
    expect((JSON.parse((await cli([...d, 'alerts', '--json'])).stdout) as AlertsListView).counts.firing).toBe(1);

    const bad = await cli([...d, 'silence', 'add', '--matcher', 'package', '--comment', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('matcher: "package" is not name=value');
    const badDuration = await cli([...d, 'silence', 'add', '--matcher', 'a=b', '--duration', 'a while', '--comment', 'x']);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stdout + badDuration.stderr).toContain('duration: not a duration');
    const gone = await cli([...d, 'silence', 'expire', 's-9']);
    expect(gone.code).toBe(1);
    expect(gone.stdout + gone.stderr).toContain('no silence "s-9"');

    // The daemon evaluates by itself and serves the list and the counts.
    const lines: string[] = [];
    const stop = new AbortController();
    const exit = serve({ configDir: fx.configDir, dataDir: fx.dataDir, listen: '127.0.0.1:0', log: (l) => lines.push(l), signal: stop.signal });
    try {
      await expect.poll(() => lines.join('\n'), { timeout: 20_000 }).toMatch(/on http:\/\/127\.0\.0\.1:\d+/);
      const url = /on (http:\/\/\S+)/.exec(lines.join('\n'))![1]!;
      const served = (await (await fetch(`${url}/api/alerts`)).json()) as AlertsListView;
      expect(served.alerts.map((a) => `${a.name}:${a.state}`)).toEqual(['PackageFailing:firing']);
      const one = (await (await fetch(`${url}/api/alerts?fingerprint=${served.alerts[0]!.fingerprint}`)).json()) as AlertsListView;
      expect(one.alerts).toHaveLength(1);
      expect((await (await fetch(`${url}/api/alerts?fingerprint=nope`)).json()) as AlertsListView).toMatchObject({ alerts: [] });
      await expect
        .poll(async () => (await (await fetch(`${url}/metrics`)).text()).match(/^rdo_alerts\{state="firing"\} \d+$/m)?.[0])
        .toBe('rdo_alerts{state="firing"} 1');
    } finally {
      stop.abort();
      await exit;
    }

    writeFileSync(join(fx.configDir, 'alerts.yml'), 'rules:\n  - name: X\n    fact: trunk.queue-length\n    above: 1\n    for: later\n    summary: x\n');
    const config = await cli([...d, 'alerts']);
    expect(config.code).toBe(2);
    expect(config.stdout + config.stderr).toContain(`${join(fx.configDir, 'alerts.yml')}:5: rules[0].for: for: not a duration like 30s, 5m, 2h, 3d`);
  });
});
