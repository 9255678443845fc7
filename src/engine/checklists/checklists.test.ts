import { statusText } from './cli-text.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DANGEROUS_RUNBOOK,
  DRILL_RUNBOOK,
  FAILING_RUNBOOK,
  LATE_RUNBOOK,
  UNKNOWN_COMMAND_RUNBOOK,
  writeRunbooks,
} from '../../test-support/checklist-fixture.js';
import { createFixture } from '../../test-support/fixture.js';
import { Engine } from '../engine.js';
import { EngineLoops } from '../loops.js';
import { checklistsOf } from './index.js';
import type { RunView } from './view.js';

const alice = { name: 'alice', role: 'operator' as const };
const bob = { name: 'bob', role: 'operator' as const };
const viewer = { name: 'vera', role: 'viewer' as const };

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

async function engineWith(books: Record<string, string>): Promise<Engine> {
  const fx = await createFixture([{ name: 'pkg-a' }]);
  writeRunbooks(fx.configDir, books);
  const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
  engines.push(engine);
  expect(engine.takeLock()).toEqual({ ok: true });
  return engine;
}

const status = async (engine: Engine, run: number) => (await engine.query('checklist.status', { run }, alice)) as RunView;
const stepOf = async (engine: Engine, run: number, id: string) => (await status(engine, run)).steps.find((s) => s.id === id)!;

/** Moves the run on (what the loop does) until the step is in `state`. */
async function tickUntil(engine: Engine, run: number, id: string, state: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    checklistsOf(engine).tick();
    const s = await stepOf(engine, run, id);
    if (s.state === state) return;
    if (Date.now() > end) throw new Error(`step ${id} is ${s.state} (${s.result}), not ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a checklist run on a real engine (git, rpmbuild, createrepo_c, restic)', () => {
  it('walks manual, engine and check steps to the end; records who, when, notes, output; writes the report', async () => {
    const engine = await engineWith({ drill: DRILL_RUNBOOK });
    const started = await engine.dispatch({ name: 'checklist.start', args: { checklist: 'drill', release: 'zed', t0: '2026-01-01T00:00:00Z' } }, alice);
    expect(started.ok, started.message).toBe(true);
    const run = (started.data as RunView).id;
    let v = await status(engine, run);
    expect(v).toMatchObject({
      checklist: 'drill',
      release: 'zed',
      t0: Date.parse('2026-01-01T00:00:00Z'),
      t0Entered: true,
      state: 'active',
      startedBy: 'alice',
    });
    expect(v.steps.map((s) => s.status)).toEqual(['ready', 'pending', 'pending', 'pending', 'pending', 'pending']);
    expect(v.steps[1]!.why).toBe('waits for announce (pending)');

    const early = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'build' } }, alice);
    expect(early).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(early.message).toBe('build waits for announce (pending)');
    const refused = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'announce' } }, viewer);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((await stepOf(engine, run, 'announce')).state).toBe('pending');

    const marked = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'announce', notes: 'seen on openstack-announce' } }, alice);
    expect(marked.message).toBe('announce: marked done (seen on openstack-announce)');
    expect(await stepOf(engine, run, 'announce')).toMatchObject({ state: 'done', actor: 'alice', notes: 'seen on openstack-announce', attempts: 1 });
    // T0 was entered at the start: the announcement step does not move it.
    expect(await status(engine, run)).toMatchObject({ t0: Date.parse('2026-01-01T00:00:00Z'), t0Step: null });

    const build = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'build' } }, bob);
    expect(build.message).toBe('build started: trunk.run');
    expect(['running', 'waiting']).toContain((await stepOf(engine, run, 'build')).state);
    await tickUntil(engine, run, 'build', 'done');
    const b = await stepOf(engine, run, 'build');
    expect(b.actor).toBe('bob');
    expect(b.result).toMatch(/^trunk pass started · until trunk\.last-pass-age-seconds = \d+, want ≥ 0$/);
    expect(JSON.parse(b.output!)).toMatchObject({ ok: true, message: 'trunk pass started' });
    await tickUntil(engine, run, 'green', 'done');
    expect((await stepOf(engine, run, 'green')).result).toBe('trunk.packages-failing = 0, want 0');

    expect((await engine.dispatch({ name: 'checklist.step', args: { run, step: 'backup' } }, bob)).ok).toBe(true);
    await tickUntil(engine, run, 'backed-up', 'done');
    const backup = await stepOf(engine, run, 'backup');
    expect(backup.result).toMatch(/^snapshot [0-9a-f]{8} taken/);
    expect(JSON.parse(backup.output!).data.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    // The step's command went through the engine's dispatch: it is in the audit trail under bob's name.
    expect(engine.events.commands(20).find((c) => c.name === 'backup.now')).toMatchObject({ actor: 'bob', ok: true });

    expect((await status(engine, run)).state).toBe('active');
    expect((await engine.dispatch({ name: 'checklist.step', args: { run, step: 'publish' } }, alice)).ok).toBe(true);
    v = await status(engine, run);
    expect(v.state).toBe('done');
    expect(v.reportPath).toMatch(/checklists\/run-\d+-drill-zed\.md$/);
    const report = readFileSync(v.reportPath!, 'utf8');
    expect(report).toContain('# Release drill: zed (run');
    expect(report).toContain('T0: 2026-01-01T00:00:00Z (the upstream GA announcement, as entered)');
    expect(report).toMatch(/\| 1 \| announce: Upstream GA announced \(critical\) \| manual \| done: marked done \| alice \|/);
    expect(report).toContain('- alice: announce (manual, done), publish (manual, done)');
    expect(report).toContain('- bob: build (engine, done), backup (engine, done)');
    expect(report).toContain('- green (check): done — trunk.packages-failing = 0, want 0');
    // T0 was long ago: every reference is missed, by how much.
    expect(report).toMatch(/- Ocata 2 h GA → stable builds and CI done: took \d+:\d\d \(behind by \d+:\d\d\)/);
    expect(report).toMatch(/- Newton 10 h GA → published repositories: took/);
    expect((await engine.query('checklist.report', { run }, alice)) as { markdown: string }).toMatchObject({ final: true, markdown: report });
    const finished = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'publish' } }, alice);
    expect(finished.message).toBe(`run ${run} is finished`);
  }, 120_000);

  it('a failed step blocks its dependents and says why; retry runs it again; skip with a reason lets them go on', async () => {
    const engine = await engineWith({ failing: FAILING_RUNBOOK });
    const run = ((await engine.dispatch({ name: 'checklist.start', args: { checklist: 'failing', release: 'zed' } }, alice)).data as RunView).id;
    expect((await status(engine, run)).t0Entered).toBe(false);
    expect((await engine.dispatch({ name: 'checklist.step', args: { run, step: 'recheck' } }, alice)).ok).toBe(true);
    await tickUntil(engine, run, 'recheck', 'failed');
    const failed = await stepOf(engine, run, 'recheck');
    expect(failed.result).toContain('zed-nope');
    const after = await stepOf(engine, run, 'after');
    expect(after).toMatchObject({ status: 'blocked' });
    expect(after.why).toBe(`blocked: recheck failed (${failed.result})`);
    const stuck = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'after' } }, alice);
    expect(stuck.message).toContain('after waits for recheck (failed: ');

    expect((await engine.dispatch({ name: 'checklist.retry', args: { run, step: 'recheck' } }, alice)).ok).toBe(true);
    await tickUntil(engine, run, 'recheck', 'failed');
    expect((await stepOf(engine, run, 'recheck')).attempts).toBe(2);
    const noReason = await engine.dispatch({ name: 'checklist.skip', args: { run, step: 'recheck' } }, alice);
    expect(noReason).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    const skipped = await engine.dispatch({ name: 'checklist.skip', args: { run, step: 'recheck', reason: 'package retired' } }, alice);
    expect(skipped.message).toBe('recheck skipped: package retired');
    expect(await stepOf(engine, run, 'after')).toMatchObject({ status: 'ready', why: null });
    expect((await engine.dispatch({ name: 'checklist.retry', args: { run, step: 'after' } }, alice)).message).toBe(
      'step after is pending; only a failed or interrupted step is retried',
    );
  }, 60_000);

  it('refuses bad input by name; a runbook naming a command this engine lacks is reported, not a crash', async () => {
    const engine = await engineWith({ drill: DRILL_RUNBOOK, future: UNKNOWN_COMMAND_RUNBOOK });
    const list = (await engine.query('checklist.list', {}, alice)) as { runbooks: { name: string; problems: string[] }[] };
    expect(list.runbooks).toEqual([
      expect.objectContaining({ name: 'drill', problems: [] }),
      expect.objectContaining({ name: 'future', problems: ['mass-tag: release.rebase is not a command of this engine'] }),
    ]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ checklist: 'nope', release: 'zed' }, 'not-found', 'checklist: no checklist "nope"; checklists: drill, future'],
      [
        { checklist: 'future', release: 'zed' },
        'bad-request',
        'checklist future cannot run on this engine: mass-tag: release.rebase is not a command of this engine',
      ],
      [{ checklist: 'drill', release: 'mars' }, 'bad-request', 'release: no release "mars" in rdoinfo.yml; releases: zed'],
      [{ checklist: 'drill', release: 'zed', t0: 'yesterday' }, 'bad-request', 't0: not an ISO time like 2026-12-15T14:00Z (got "yesterday")'],
    ];
    for (const [args, kind, message] of cases)
      expect(await engine.dispatch({ name: 'checklist.start', args }, alice)).toEqual({ ok: false, message, error: { kind } });
    expect((await engine.dispatch({ name: 'checklist.start', args: { checklist: 'drill', release: 'zed' } }, alice)).ok).toBe(true);
    const again = await engine.dispatch({ name: 'checklist.start', args: { checklist: 'drill', release: 'zed' } }, alice);
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' }, message: expect.stringMatching(/already running \(run \d+\)/) });
    expect((await engine.dispatch({ name: 'checklist.step', args: { run: 999, step: 'x' } }, alice)).message).toBe('no checklist run 999');
  });

  it('config/checklist-roles.yml restricts a role to its people: others are refused by name; a role no step has is a config error', async () => {
    const engine = await engineWith({ failing: FAILING_RUNBOOK });
    const configDir = engine.config.configDir;
    writeFileSync(join(configDir, 'checklist-roles.yml'), 'roles:\n  release-manager: [alice]\n');
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
    const e = Engine.open({ configDir, dataDir: engine.paths.dataDir });
    engines.push(e);
    expect(e.takeLock()).toEqual({ ok: true });
    const run = ((await e.dispatch({ name: 'checklist.start', args: { checklist: 'failing', release: 'zed' } }, bob)).data as RunView).id;
    const refused = await e.dispatch({ name: 'checklist.step', args: { run, step: 'recheck' } }, bob);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(refused.message).toBe('step recheck is for role release-manager (checklist-roles.yml: alice); bob is not one of them');
    expect((await stepOf(e, run, 'recheck')).state).toBe('pending');
    expect((await e.dispatch({ name: 'checklist.skip', args: { run, step: 'recheck', reason: 'not mine' } }, bob)).error?.kind).toBe('forbidden');
    // alice at her own console is alice.
    const skipped = await e.dispatch(
      { name: 'checklist.skip', args: { run, step: 'recheck', reason: 'package retired' } },
      { name: 'alice@console', role: 'operator' },
    );
    expect(skipped.ok, skipped.message).toBe(true);
    expect((await e.dispatch({ name: 'checklist.step', args: { run, step: 'after' } }, alice)).ok).toBe(true);
    await e.close();
    engines.splice(engines.indexOf(e), 1);

    writeFileSync(join(configDir, 'checklist-roles.yml'), 'roles:\n  release-manager: [alice]\n  relase-manager: [bob]\n');
    expect(() => Engine.open({ configDir, dataDir: engine.paths.dataDir })).toThrow(
      /checklist-roles\.yml:3.*no step of checklists\/\*\.yml has role relase-manager; their roles: release-manager/,
    );
  }, 60_000);

  it('abort ends an active run in one step: unfinished steps skipped with the reason, the run aborted, report written; a new run says one finished before', async () => {
    const engine = await engineWith({ failing: FAILING_RUNBOOK });
    const start = () => engine.dispatch({ name: 'checklist.start', args: { checklist: 'failing', release: 'zed' } }, alice);
    const run = ((await start()).data as RunView).id;
    expect((await engine.dispatch({ name: 'checklist.abort', args: { run, reason: '' } }, alice)).error?.kind).toBe('bad-request');
    const aborted = await engine.dispatch({ name: 'checklist.abort', args: { run, reason: 'started by mistake' } }, bob);
    expect(aborted.ok, aborted.message).toBe(true);
    expect(aborted.message).toBe(`run ${run} aborted: 2 step(s) skipped (started by mistake); its report is written`);
    const v = await status(engine, run);
    expect(v).toMatchObject({ state: 'done', abortedReason: 'started by mistake' });
    expect(statusText(v)).toMatch(/\(aborted: started by mistake\) · T0 .* · aborted \d+:\d\d after T0/);
    expect(v.steps.map((s) => [s.id, s.state, s.actor, s.result])).toEqual([
      ['recheck', 'skipped', 'bob', 'skipped: run aborted: started by mistake'],
      ['after', 'skipped', 'bob', 'skipped: run aborted: started by mistake'],
    ]);
    const report = readFileSync(v.reportPath!, 'utf8');
    expect(report).toContain('skipped: run aborted: started by mistake');
    expect(report).toMatch(/^- Aborted: .* after T0$/m);
    expect(report).toContain('- Aborted because: started by mistake (every unfinished step skipped)');
    expect((await engine.dispatch({ name: 'checklist.abort', args: { run, reason: 'again' } }, bob)).message).toBe(`run ${run} is aborted`);
    // An aborted run did not finish the checklist: the next run has no note; once that one finishes, the third has.
    const again = await start();
    expect(again.message).toBe(`run ${run + 1} started: A step that fails for zed`);
    for (const step of ['recheck', 'after']) {
      const skipped = await engine.dispatch({ name: 'checklist.skip', args: { run: run + 1, step, reason: 'not today' } }, alice);
      expect(skipped.ok, skipped.message).toBe(true);
    }
    const finished = await status(engine, run + 1);
    expect(finished).toMatchObject({ state: 'done', abortedReason: null });
    // With no run active, status without a run is the one that ended last.
    expect(((await engine.query('checklist.status', {}, alice)) as RunView).id).toBe(run + 1);
    expect(readFileSync(finished.reportPath!, 'utf8')).toMatch(/^- Finished: .* after T0$/m);
    expect((await engine.dispatch({ name: 'checklist.skip', args: { run: run + 1, step: 'after', reason: 'x' } }, alice)).message).toBe(
      `run ${run + 1} is finished`,
    );
    const third = await start();
    expect(((await engine.query('checklist.status', {}, alice)) as RunView).id).toBe(run + 2);
    expect(third.message).toMatch(
      new RegExp(`^run ${run + 2} started: A step that fails for zed \\(note: run ${run + 1} of failing for zed already finished, `),
    );
  }, 60_000);

  it('a step whose command is dangerous runs only when confirmed, as the command itself would ask', async () => {
    const engine = await engineWith({ dangerous: DANGEROUS_RUNBOOK });
    const run = ((await engine.dispatch({ name: 'checklist.start', args: { checklist: 'dangerous', release: 'zed' } }, alice)).data as RunView).id;
    const unasked = await engine.dispatch({ name: 'checklist.step', args: { run, step: 'purge' } }, alice);
    expect(unasked).toEqual({
      ok: false,
      message: 'step purge runs trunk.purge, a dangerous command: confirm it (confirmed: true, --confirmed)',
      error: { kind: 'bad-request' },
    });
    expect((await stepOf(engine, run, 'purge')).state).toBe('pending');
    expect((await engine.dispatch({ name: 'checklist.step', args: { run, step: 'purge', confirmed: true } }, alice)).ok).toBe(true);
    await tickUntil(engine, run, 'purge', 'done');
    expect((await stepOf(engine, run, 'purge')).result).toBe('would purge 0 repos, kept 0');
  });

  it('a check waits, re-read on the engine loop, and is picked up when its fact comes late', async () => {
    const engine = await engineWith({ late: LATE_RUNBOOK });
    engine.loops.pause('trunk', 'test');
    const loops = new EngineLoops(engine);
    loops.start();
    try {
      const run = ((await engine.dispatch({ name: 'checklist.start', args: { checklist: 'late', release: 'zed' } }, alice)).data as RunView).id;
      const waiting = await stepOf(engine, run, 'backed-up');
      expect(waiting).toMatchObject({ state: 'running', status: 'checking' });
      expect(waiting.result).toBe('backups.newest-age-seconds = null, want ≤ 3600 · backups.newest-age-seconds = null');
      expect((await engine.dispatch({ name: 'backup.now' }, alice)).ok).toBe(true);
      await expect.poll(async () => (await stepOf(engine, run, 'backed-up')).state, { timeout: 10_000, interval: 100 }).toBe('done');
      expect((await stepOf(engine, run, 'done')).status).toBe('ready');
    } finally {
      await loops.stop({ wait: true });
    }
  }, 60_000);
});
