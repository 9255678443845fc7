import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/engine.js';
import { statusArea } from '../../../engine/status/index.js';
import { openConsole, waitUntil } from '../../../test-support/console-harness.js';
import { createFixture } from '../../../test-support/fixture.js';
import { fakeHttp, type FakeHttp } from '../../../test-support/status-services.js';

let last = () => '';
const until = (check: () => boolean, what: string, ms = 15_000) => waitUntil(check, what, () => last(), ms);

describe('Status pane (5) on a real engine probing a fake service', () => {
  let engine: Engine;
  let web: FakeHttp;

  beforeAll(async () => {
    web = await fakeHttp('up');
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(
      join(fx.configDir, 'status.yml'),
      `services:\n  - name: web\n    group: Public\n    probe: { kind: http, url: '${web.url}' }\n    rule: { failures: 1, major-after: 2, recover: 1 }\n  - name: disk\n    group: Engine\n    probe: { kind: internal, part: disk, min-free: 0 }\n`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    await engine.area(statusArea).round();
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await web?.close();
  });

  it('shows services by group with state words and uptime bars; follows an outage; o, u, R open, move on and resolve an incident; fits 80x24', async () => {
    const { app, frame, press } = openConsole(engine, { size: { columns: 80, rows: 24 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('5');
    await until(() => frame().includes('All Systems Operational'), 'status pane');
    // One round only: nothing accrued yet, so no uptime figure.
    expect(frame()).toMatch(/● operational\s+Public\s+web\s+\d+ms\s+·{20}\s+-/);
    expect(frame()).toMatch(/● operational\s+Engine\s+disk/);
    expect(frame()).toContain('0 open · 0 resolved');

    web.mode = 'down';
    const rt = engine.area(statusArea);
    rt.now = () => Date.now() + 30_000;
    await rt.round();
    rt.now = () => Date.now() + 60_000;
    await rt.round();
    await until(() => frame().includes('✖ major outage'), 'the outage');
    expect(frame()).toContain('Major System Outage');
    expect(frame()).toContain('✖ 1 down');
    // Today: about 30 s operational, then 30 s in partial outage (30 % down): about 85 %.
    expect(frame()).toMatch(/✖ major outage\s+Public\s+web\s+\d+ms\s+·{19}▃\s+8[45]\.\d%/);

    await press('o');
    await until(() => frame().includes('! investigating'), 'the incident opened');
    expect(frame()).toMatch(/#1\s+web: major outage\s+critical\s+web/);
    await press('l', 'u');
    await until(() => frame().includes('! identified'), 'the incident identified');
    await press('R');
    await until(() => frame().includes('✓ resolved'), 'the incident resolved');
    expect(frame()).toContain('0 open · 1 resolved');
    expect(frame()).not.toContain('! identified');
    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  }, 60_000);
});
