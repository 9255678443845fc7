import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/engine.js';
import { trunkOf } from '../../../engine/trunk/index.js';
import { openConsole, waitUntil } from '../../../test-support/console-harness.js';
import { createFixture } from '../../../test-support/fixture.js';

let last = () => '';
const until = (check: () => boolean, what: string, ms = 30_000) => waitUntil(check, what, () => last(), ms);

describe('Backups pane (4) on a real engine with real restic', () => {
  let engine: Engine;

  beforeAll(async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
  }, 120_000);
  afterAll(() => engine?.close());

  it('b backs up, the snapshot shows with its datasets; d drills it and it reads verified; fits 80x24', async () => {
    const { app, frame, press } = openConsole(engine, { size: { columns: 80, rows: 24 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('4');
    await until(() => frame().includes('Snapshots:'), 'backups pane');
    expect(frame()).toContain('local: not offsite');
    await until(() => frame().includes('· none yet'), 'no backup yet');
    expect(frame()).toContain('0 snapshots');
    await press('b');
    await until(() => frame().includes('1 snapshot,'), 'the new snapshot');
    expect(frame()).toMatch(/[0-9a-f]{8}\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+\S+\s+\S+\s+db,config,repos\s+· never\s+keep/);
    await press('d');
    await until(() => frame().includes('✓ drill'), 'the drill verified the snapshot');
    expect(frame()).toMatch(/drill\s+✓ ok/);
    expect(frame()).not.toContain('· none yet');
    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  }, 120_000);
});
