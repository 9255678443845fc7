import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db/db.js';
import { ChecklistsStore } from '../../store/db/checklists-store.js';
import { DRILL_RUNBOOK, UNKNOWN_COMMAND_RUNBOOK, writeRunbooks } from '../../test-support/checklist-fixture.js';
import { BIN, cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { dataPaths } from '../paths.js';
import type { RunView } from './view.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CRASH_RUNBOOK = `name: crash
title: A backup step to kill
steps:
  - { id: backup, title: Back up, kind: engine, command: backup.now, minutes: 5, critical: true }
  - { id: after, title: After, kind: manual, needs: [backup], minutes: 1 }
`;

describe('rdo-console checklist (the real binary)', () => {
  it('list, start, status, step, skip, report; --json; bad input exits non-zero naming it', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeRunbooks(fx.configDir, { drill: DRILL_RUNBOOK, future: UNKNOWN_COMMAND_RUNBOOK });
    const d = ['--config', fx.configDir, '--data', fx.dataDir];

    const list = await cli([...d, 'checklist', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^drill\s+6\s+Release drill\s+yes$/m);
    expect(list.stdout).toMatch(/^future\s+1\s+Needs a command from elsewhere\s+no: mass-tag: release.mass-tag is not a command of this engine$/m);
    expect(list.stdout).toContain('(no runs yet)');

    const bad = await cli([...d, 'checklist', 'start', 'future', 'zed']);
    expect(bad.code).toBe(2);
    expect(bad.stderr + bad.stdout).toContain('checklist future cannot run on this engine');

    const start = await cli([...d, 'checklist', 'start', 'drill', 'zed', '--t0', '2026-01-01T00:00:00Z', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const run = (JSON.parse(start.stdout) as { data: RunView }).data.id;

    const text = await cli([...d, 'checklist', 'status']);
    expect(text.stdout).toContain(`run ${run}: Release drill for zed (active) · T0 2026-01-01 00:00 UTC · elapsed`);
    expect(text.stdout).toContain('Newton 10 h GA → published repositories: projected');
    expect(text.stdout).toMatch(/^◆ announce\s+manual\s+ready\s+-\s+-\s+-$/m);
    expect(text.stdout).toMatch(/^◆ build\s+engine\s+pending\s+-\s+-\s+waits for announce \(pending\)$/m);

    const mark = await cli([...d, 'checklist', 'step', String(run), 'announce', '--notes', 'GA mail seen']);
    expect(mark.code, mark.stderr).toBe(0);
    expect(mark.stdout).toBe('announce: marked done (GA mail seen)');
    const json = JSON.parse((await cli([...d, 'checklist', 'status', String(run), '--json'])).stdout) as RunView;
    expect(json.steps[0]).toMatchObject({ id: 'announce', state: 'done', notes: 'GA mail seen', actor: expect.stringMatching(/@cli$/) });
    expect(json.steps[1]).toMatchObject({ id: 'build', status: 'ready' });

    const skip = await cli([...d, 'checklist', 'skip', String(run), 'build', '--reason', 'built yesterday']);
    expect(skip.stdout).toBe('build skipped: built yesterday');
    const noStep = await cli([...d, 'checklist', 'step', String(run), 'nope']);
    expect(noStep.code).toBe(1);
    expect(noStep.stderr + noStep.stdout).toContain(`step: run ${run} (drill) has no step "nope"`);
    const noRun = await cli([...d, 'checklist', 'status', 'abc']);
    expect(noRun.code).toBe(2);

    const report = await cli([...d, 'checklist', 'report', String(run)]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain('# Release drill: zed (run');
    expect(report.stdout).toContain('| 2 | build: Run a trunk pass (critical) | engine | skipped: skipped: built yesterday |');
  }, 120_000);

  it('kill -9 of the engine process mid-step: the step is interrupted (not lost), retry runs it to done', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeRunbooks(fx.configDir, { crash: CRASH_RUNBOOK });
    const d = ['--config', fx.configDir, '--data', fx.dataDir];
    // The restic repository exists first (a kill during its creation leaves a half-made one).
    expect((await cli([...d, 'backup', 'now'])).code).toBe(0);
    const run = (JSON.parse((await cli([...d, 'checklist', 'start', 'crash', 'zed', '--json'])).stdout) as { data: RunView }).data.id;

    const child = execa(process.execPath, [BIN, ...d, 'checklist', 'step', String(run), 'backup'], { reject: false, env: { CI: 'true' } });
    const db = openDb(dataPaths(fx.dataDir).db, { readonly: true });
    const store = new ChecklistsStore(db);
    let restic: number[] = [];
    for (let i = 0; i < 1000 && restic.length === 0; i++) {
      if (store.step(run, 'backup')?.state === 'running') {
        const r = await execa('pgrep', ['-P', String(child.pid), 'restic'], { reject: false });
        restic = r.stdout.split('\n').filter(Boolean).map(Number);
      }
      if (restic.length === 0) await sleep(10);
    }
    expect(restic.length, 'caught the step while its command (restic) ran').toBeGreaterThan(0);
    expect(store.step(run, 'backup')).toMatchObject({ state: 'running', runner_pid: child.pid });
    child.kill('SIGKILL');
    await child;
    for (const pid of restic) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it had ended
      }
    }
    db.close();

    const after = JSON.parse((await cli([...d, 'checklist', 'status', String(run), '--json'])).stdout) as RunView;
    expect(after.steps[0]).toMatchObject({
      state: 'interrupted',
      result: `interrupted: the engine (pid ${child.pid}) stopped while the command ran; retry it`,
    });
    expect(after.steps[1]).toMatchObject({ status: 'blocked', why: expect.stringContaining('blocked: backup interrupted') });

    const retry = await cli([...d, 'checklist', 'retry', String(run), 'backup', '--wait']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(/^backup done: snapshot [0-9a-f]{8} taken/);
    // The CLI waited for the command before it exited: the step is done.
    const done = JSON.parse((await cli([...d, 'checklist', 'status', String(run), '--json'])).stdout) as RunView;
    expect(done.steps[0]).toMatchObject({ state: 'done', attempts: 2, result: expect.stringMatching(/^snapshot [0-9a-f]{8} taken/) });
    expect(done.steps[1]!.status).toBe('ready');
  }, 180_000);
});
