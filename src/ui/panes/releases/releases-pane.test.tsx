import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/engine.js';
import { createReleaseFixture } from '../../../engine/releases/release-fixture.js';
import { openConsole, waitUntil } from '../../../test-support/console-harness.js';

let last = () => '';
const until = (check: () => boolean, what: string, ms = 30_000) => waitUntil(check, what, () => last(), ms);
const operator = { name: 'tester', role: 'operator' as const };

describe('Releases pane (8) on a real engine', () => {
  let engine: Engine;

  beforeAll(async () => {
    const fx = await createReleaseFixture([{ name: 'pkg-a' }, { name: 'pkg-b', tag: '2.0.0' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    for (const [name, args] of [
      ['release.branch', { release: 'zed' }],
      ['release.build', { release: 'zed' }],
      ['tag.add', { tag: 'zed-testing', package: 'pkg-a' }],
    ] as const) {
      const r = await engine.dispatch({ name, args }, operator);
      expect(r.ok, r.message).toBe(true);
    }
  }, 120_000);
  afterAll(() => engine?.close());

  it('lists the tags with what they lack and the builds in them; a tag made meanwhile shows up; fits 80x24', async () => {
    const { app, frame, press } = openConsole(engine, { size: { columns: 80, rows: 24 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('8');
    await until(() => frame().includes('zed-candidate'), 'releases pane');
    expect(frame()).toMatch(/zed-candidate\s+2\s+✓ complete/);
    expect(frame()).toMatch(/zed-testing\s+1\s+✗ 1 missing\s+pkg-b/);
    expect(frame()).toContain('zed: closure · unknown · gate · unknown');
    // The builds list follows the selected tag: zed-candidate's two, then zed-testing's one.
    expect(frame()).toMatch(/> zed-candidate/);
    expect(frame()).toMatch(/pkg-a-1\.0\.0-1\.el9\s+1\.0\.0\s+tester/);
    expect(frame()).toMatch(/pkg-b-2\.0\.0-1\.el9\s+2\.0\.0\s+tester/);
    await press('j');
    await until(() => /> zed-testing/.test(frame()), 'zed-testing selected');
    expect(frame()).toMatch(/pkg-a-1\.0\.0-1\.el9\s+1\.0\.0\s+tester/);
    expect(frame()).not.toMatch(/pkg-b-2\.0\.0-1\.el9/);
    const r = await engine.dispatch({ name: 'tag.add', args: { tag: 'zed-testing', package: 'pkg-b' } }, operator);
    expect(r.ok).toBe(true);
    await until(() => /zed-testing\s+2\s+✓ complete/.test(frame()), 'the new tag');
    expect(frame()).toMatch(/pkg-b-2\.0\.0-1\.el9\s+2\.0\.0\s+tester/);
    expect(frame()).not.toMatch(/zed-testing\s+1\s+✗ 1 missing/);
    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  }, 120_000);
});
