import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { fakeHttp, type FakeHttp } from '../../test-support/status-services.js';
import { startServer, type RunningServer } from '../api/server.js';
import { loadOperators } from '../config/operators.js';
import { Engine } from '../engine.js';
import { statusArea } from './index.js';

const alice = { name: 'alice', role: 'operator' } as const;
const HOSTILE = '<script>alert(1)</script>&"';

// Statuspage's documented public API v2 shapes (developer.statuspage.io, "Status API").
const iso = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const componentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
const page = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: iso }).strict();
const component = z
  .object({
    id: z.string(),
    name: z.string(),
    status: componentStatus,
    created_at: iso,
    updated_at: iso,
    position: z.number().int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional(),
  })
  .strict();
const update = z.object({
  id: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  body: z.string(),
  incident_id: z.string(),
  created_at: iso,
  updated_at: iso,
  display_at: iso,
  affected_components: z.array(z.object({ code: z.string(), name: z.string(), old_status: componentStatus, new_status: componentStatus })),
});
const incident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  created_at: iso,
  updated_at: iso,
  monitoring_at: iso.nullable(),
  resolved_at: iso.nullable(),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  shortlink: z.string().nullable(),
  started_at: iso,
  page_id: z.string(),
  incident_updates: z.array(update),
  components: z.array(component),
});
const status = z.object({ indicator: z.enum(['none', 'minor', 'major', 'critical']), description: z.string() }).strict();
const SHAPES = {
  'summary.json': z
    .object({
      page,
      components: z.array(component),
      incidents: z.array(incident),
      scheduled_maintenances: z.array(z.object({ id: z.string() }).passthrough()),
      status,
    })
    .strict(),
  'status.json': z.object({ page, status }).strict(),
  'components.json': z.object({ page, components: z.array(component) }).strict(),
  'incidents.json': z.object({ page, incidents: z.array(incident) }).strict(),
};

describe('the public status page and Statuspage JSON (daemon routes, headless Chromium)', () => {
  let fx: Fixture;
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;
  let web: FakeHttp;

  beforeAll(async () => {
    web = await fakeHttp('down');
    fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(
      join(fx.configDir, 'status.yml'),
      `status:\n  page-name: RDO\nservices:\n  - name: web\n    group: Public\n    description: '${HOSTILE}'\n    probe: { kind: http, url: '${web.url}' }\n    rule: { failures: 1, major-after: 1, recover: 1 }\n  - name: disk\n    group: Engine\n    probe: { kind: internal, part: disk, min-free: 0 }\n`,
    );
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    await engine.area(statusArea).round();
    await engine.dispatch({ name: 'incident.open', args: { name: `Web down ${HOSTILE}`, services: 'web', impact: 'major', message: 'looking' } }, alice);
    const operators = loadOperators(fx.configDir);
    server = await startServer(engine, { host: '127.0.0.1', port: 0, operators, handlers: [...engine.routes()] });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    await web?.close();
  });

  it('/status renders without JavaScript: state by word and symbol, escaped values, refreshes itself; then shows the recovery', async () => {
    const p = await browser.newPage({ javaScriptEnabled: false });
    await p.goto(`${server.url}/status`);
    expect(await p.title()).toBe('RDO status');
    let text = await p.locator('body').innerText();
    expect(text).toContain('▲ Major System Outage');
    expect(text).toMatch(/web\n?.*\s+✖ major outage/);
    expect(text).toMatch(/disk\s+● operational/);
    expect(text).toContain(HOSTILE);
    expect(text).toMatch(/Open incidents\s+Web down <script>/);
    expect(await p.locator('script').count()).toBe(0);
    expect(await p.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('30');
    expect(await p.locator('#overall').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(176, 0, 32)');
    const shot = join(fx.root, 'status-page.png');
    await p.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(1000);

    web.mode = 'up';
    const rt = engine.area(statusArea);
    rt.now = () => Date.now() + 5000;
    await rt.round();
    await p.goto(`${server.url}/status`);
    text = await p.locator('body').innerText();
    expect(text).toMatch(/web\n?.*\s+● operational/);
    expect(text).not.toContain('major outage');
    await p.close();
  });

  it('serves summary, status, components and incidents JSON in Statuspage shapes, readable from a page in Chromium', async () => {
    const p = await browser.newPage();
    await p.goto(`${server.url}/status`);
    for (const [name, shape] of Object.entries(SHAPES)) {
      const got = await p.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type'), body: (await r.json()) as unknown };
      }, `/api/v2/${name}`);
      expect(got.status, name).toBe(200);
      expect(got.type).toBe('application/json');
      const parsed = shape.safeParse(got.body);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues[0])}`).toBe(true);
    }
    const post = await fetch(`${server.url}/api/v2/summary.json`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const summary = SHAPES['summary.json'].parse(await (await fetch(`${server.url}/api/v2/summary.json`)).json());
    expect(summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(summary.components.map((c) => [c.name, c.group, c.status])).toEqual([
      ['Public', true, 'operational'],
      ['web', false, 'operational'],
      ['Engine', true, 'operational'],
      ['disk', false, 'operational'],
    ]);
    expect(summary.components[0]!.components).toEqual(['web']);
    expect(summary.incidents.map((i) => [i.name, i.status, i.incident_updates[0]!.body])).toEqual([[`Web down ${HOSTILE}`, 'investigating', 'looking']]);
    await p.close();
  });
});
