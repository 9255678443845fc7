import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/engine.js';
import { DANGEROUS_RUNBOOK, FAILING_RUNBOOK, UNKNOWN_COMMAND_RUNBOOK, writeRunbooks } from '../../../test-support/checklist-fixture.js';
import { openConsole, waitUntil } from '../../../test-support/console-harness.js';
import { createFixture } from '../../../test-support/fixture.js';

const ENTER = '\r';
let last = () => '';
const until = (check: () => boolean, what: string, ms = 10_000) => waitUntil(check, what, () => last(), ms);
const header = (f: string) => f.split('\n')[0]!;

describe('Checklists pane (7) on a real engine', () => {
  let engine: Engine;

  beforeAll(async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeRunbooks(fx.configDir, { failing: FAILING_RUNBOOK, future: UNKNOWN_COMMAND_RUNBOOK, dangerous: DANGEROUS_RUNBOOK });
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
  }, 60_000);
  afterAll(() => engine?.close());

  it('starts a run, runs a failing engine step (dependent blocked), retries, skips with a reason, marks with notes, reads the report; fits 80x24', async () => {
    const { app, frame, press } = openConsole(engine, { size: { columns: 80, rows: 24 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('7');
    await until(() => frame().includes('no active checklist run'), 'checklists pane, nothing running');
    expect(frame()).toContain('no run yet');
    expect(frame()).toMatch(/▷ checklist\s+failing/);
    await press('l', 'j');
    await until(() => frame().includes('> ▷ checklist   failing'), 'the failing checklist selected');
    await press('h');
    expect(frame()).toMatch(/✗ cannot run\s+future\s+-\s+-\s+mass-tag: release\.reba/);
    expect(header(frame())).not.toContain('⏱');

    await press('l', ENTER);
    await until(() => frame().includes('start failing: release [T0 ISO]: █'), 'the start prompt');
    await press('z', 'e', 'd', ENTER);
    // The figures lead the timer line, so 80 columns never cut them (the run's title comes after).
    await until(() => /⏱ 0:00 since T0 \d\d:\d\d UTC \(start\) · projected finish 0:10 \(0:10 to go\)/.test(frame()), 'the run with its timer');
    expect(frame()).toContain('· Newton 10 h GA → published repositories: not reached yet');
    expect(header(frame())).toMatch(/⏱ failing zed 0:00 \(→ 0:10\)/);
    expect(frame()).toMatch(/● ready\s+◆ recheck\s+engine\s+-\s+-\s+0:05\s+trunk\.recheck/);
    expect(frame()).toMatch(/· pending\s+◆ after\s+manual/);

    await press('h', ENTER);
    await until(() => frame().includes('✗ failed'), 'the engine step failed');
    expect(frame()).toMatch(/⊘ blocked\s+◆ after\s+manual\s+-\s+-\s+0:05\s+blocked: rechec/);
    await press('r');
    await until(() => engine.events.commands(5).filter((c) => c.name === 'checklist.retry').length === 1, 'the retry went out');
    await until(() => frame().includes('✗ failed'), 'failed again');

    await press('s');
    await until(() => frame().includes('reason to skip recheck: █'), 'the skip prompt');
    await press(ENTER);
    await until(() => frame().includes('recheck not skipped: a skip needs a reason'), 'an empty reason refused');
    await press('s', ...'retired', ENTER);
    await until(() => frame().includes('↷ skipped'), 'skipped');
    expect(frame()).toMatch(/● ready\s+◆ after/);

    await press('j', ENTER);
    await until(() => frame().includes('notes for after: █'), 'the notes prompt');
    await press(...'all good', ENTER);
    await until(() => frame().includes('✓ last run #1 failing zed finished'), 'the run finished, said on top');
    expect(frame()).toMatch(/✓ finished\s+#1 failing\s+zed/);
    expect(header(frame())).not.toContain('⏱');
    expect(engine.events.commands(5)[0]).toMatchObject({ name: 'checklist.step', actor: 'tester', args: { notes: 'all good' } });
    // The run's steps stay listed as they ended; nothing moves them.
    expect(frame()).toContain('run #1 finished, as it ended · 1 done, 1 skipped of 2');
    expect(frame()).toMatch(/↷ skipped\s+recheck\s+engine\s+tester/);
    expect(frame()).toMatch(/✓ done\s+after\s+manual\s+tester/);
    await press(ENTER);
    await until(() => frame().includes('run 1 finished: its steps stay as they ended (o: its report)'), 'Enter on an ended step refused');

    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    await press('l', 'G', ENTER);
    await until(() => frame().includes('# A step that fails: zed (run 1)'), 'the report');
    expect(frame()).toContain('## Timeline');
    app.unmount();
  }, 60_000);

  it('a viewer sees the run but has no key that marks or runs a step', async () => {
    const { app, frame, press } = openConsole(engine, { role: 'viewer', size: { columns: 100, rows: 30 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('7');
    await until(() => frame().includes('#1 failing'), 'the past run');
    expect(frame()).toContain('o report');
    expect(frame()).not.toContain('do step');
    await press('l', 'G', ENTER);
    expect(frame()).not.toContain('# A step that fails');
    await press('o');
    await until(() => frame().includes('# A step that fails: zed (run 1)'), 'o opens the report for a viewer');
    app.unmount();
  }, 30_000);

  it('Enter on a step whose command is dangerous asks first: anything but y cancels, y runs it', async () => {
    const started = await engine.dispatch({ name: 'checklist.start', args: { checklist: 'dangerous', release: 'zed' } }, { name: 'tester', role: 'operator' });
    expect(started.ok, started.message).toBe(true);
    const { app, frame, press } = openConsole(engine, { size: { columns: 100, rows: 30 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('7');
    await until(() => frame().includes('● ready'), 'the dangerous step, ready');
    await press(ENTER);
    // Asked as the command itself asks (its confirm template, filled in), answered with one key.
    await until(() => frame().includes('⚠ step purge: Purge hashed repos older than 365 days?'), 'the question');
    expect(frame()).toContain('[y/N]');
    await press('n');
    await until(() => frame().includes('checklist.step: cancelled'), 'cancelled');
    expect(frame()).toContain('● ready');
    await press(ENTER);
    await until(() => frame().includes('[y/N]'), 'asked again');
    await press('y');
    await until(() => frame().includes('✓ last run #2 dangerous zed finished'), 'the step ran and the run finished');
    expect(engine.events.commands(5).find((c) => c.name === 'trunk.purge')).toMatchObject({ actor: 'tester', ok: true });
    app.unmount();
  }, 30_000);

  it('A aborts the active run after a reason and y/N: its steps skipped, the run aborted', async () => {
    const started = await engine.dispatch({ name: 'checklist.start', args: { checklist: 'failing', release: 'zed' } }, { name: 'tester', role: 'operator' });
    expect(started.ok, started.message).toBe(true);
    const id = (started.data as { id: number }).id;
    const { app, frame, press } = openConsole(engine, { size: { columns: 100, rows: 30 } });
    last = frame;
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('7');
    await until(() => frame().includes('● ready'), 'the run');
    await press('A');
    await until(() => frame().includes(`reason to abort run ${id} (failing zed): █`), 'the reason prompt');
    await press(ENTER);
    await until(() => frame().includes(`run ${id} not aborted: an abort needs a reason`), 'an empty reason refused, the prompt kept');
    await press(...'wrong release', ENTER);
    await until(() => frame().includes(`⚠ Abort checklist run ${id}?`), 'asked y/N');
    await press('y');
    await until(() => frame().includes(`✗ last run #${id} failing zed aborted`), 'aborted');
    expect(frame()).toContain(`✓ checklist.abort: run ${id} aborted: 2 step(s) skipped (wrong release)`);
    expect(frame()).toMatch(new RegExp(`✗ aborted +#${id} failing +zed`));
    expect(frame()).not.toContain(`last run #${id} failing zed finished`);
    expect(frame()).toContain(`run #${id} aborted, as it ended · 0 done, 2 skipped of 2`);
    await press('A');
    await until(() => frame().includes('select a step of the active run (or the active run) to abort it'), 'an ended run is not aborted again');
    app.unmount();
  }, 30_000);
});
