import { openConsole, waitUntil } from '../test-support/console-harness.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../engine/client/index.js';
import type { Engine } from '../engine/engine.js';
import { readLink } from '../engine/trunk/links.js';
import { promotionScenario } from '../test-support/promotion-scenario.js';
import { ciOf } from '../engine/ci/index.js';

const KEY = { enter: '\r', esc: '\x1b', down: '\x1b[B' };
let last = () => '';
const until = (check: () => boolean, what: string, ms?: number) => waitUntil(check, what, () => last(), ms);

describe('CI pool and Promotions panes on a real engine', () => {
  let engine: Engine;
  let held: string;
  let candidate: string;

  beforeAll(async () => {
    ({ engine, held, candidate } = await promotionScenario());
  }, 120_000);
  afterAll(() => engine?.close());

  function open(options: { readOnly?: boolean; role?: Role } = {}) {
    const h = openConsole(engine, { ...options, size: { columns: 80, rows: 24 } });
    last = h.frame;
    return h;
  }

  const fits = (frame: string) => {
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  };

  it('2 shows the CI pool: nodes with state words, job runs with repo hash, state and duration; 80x24', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('2');
    await until(() => frame().includes('Job runs:'), 'pool pane');
    const f = frame();
    expect(f).toContain('[2 CI pool]');
    expect(f).toContain('pool local-el9 · max-servers 2 · min-ready 2');
    expect(f).toMatch(/local-el9-\d+\s+(✓ ready|· used)/);
    expect(f).toMatch(new RegExp(`✓ success\\s+unit\\s+${candidate.slice(0, 8)}_${candidate.split('_')[1]!.slice(0, 8)}\\s+\\S+\\s+\\d+s`));
    expect(f).toContain('Enter log  H hold  D delete  r re-run');
    fits(f);
    app.unmount();
  });

  it('Enter on a job run shows its log; Esc goes back', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('2', 'l', KEY.enter);
    await until(() => frame().includes('Log: unit'), 'job log view');
    await until(() => frame().includes('unit-ok on'), 'log text');
    expect(frame()).toContain('complete');
    await press(KEY.esc);
    await until(() => frame().includes('Job runs:'), 'back to the pool');
    app.unmount();
  });

  it('H holds the selected node on the real engine (audited) and the pane follows; H again releases it', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('2');
    await until(() => frame().includes('Nodes:'), 'pool pane');
    const name = /^> (local-el9-\d+)/m.exec(frame())![1]!;
    await press('H');
    await until(() => frame().includes(`✓ pool.hold: node ${name} held`), 'hold result');
    expect(
      ciOf(engine)
        .store.nodes()
        .find((n) => n.name === name)?.state,
    ).toBe('hold');
    await until(() => new RegExp(`^> ${name}\\s+⏸ hold`, 'm').test(frame()), 'held row');
    const audit = engine.events
      .read(engine.events.lastSeq() - 5)
      .filter((e) => e.type === 'command')
      .pop();
    expect(audit).toMatchObject({ actor: 'tester', payload: { name: 'pool.hold', args: { node: name }, ok: true } });
    await press('H');
    await until(() => frame().includes(`✓ pool.release: node ${name} released`), 'release result');
    expect(
      ciOf(engine)
        .store.nodes()
        .find((n) => n.name === name)?.state,
    ).not.toBe('hold');
    app.unmount();
  });

  it('3 shows the Promotions pane: the label, what it holds, and its candidate with passed and missing jobs', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3');
    await until(() => frame().includes('Candidates:'), 'promotions pane');
    const f = frame();
    expect(f).toContain('[3 Promotions]');
    expect(f).toMatch(new RegExp(`tripleo-ci-testing\\s+${held.slice(0, 8)}_\\w{8}\\s+\\d+s ago\\s+-\\s+1`));
    expect(f).toMatch(new RegExp(`tripleo-ci-testing\\s+${candidate.slice(0, 8)}_\\w{8}\\s+· waiting\\s+unit\\s+lint`));
    expect(f).toContain('Enter why  d diff  v votes  P promote');
    fits(f);
    app.unmount();
  });

  it('Enter on a candidate explains why it is not promotable: criteria, passed, missing', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3', 'l', KEY.enter);
    await until(() => frame().includes('is not promotable to tripleo-ci-testing'), 'explanation');
    const f = frame();
    expect(f).toContain('criteria:    unit, lint');
    expect(f).toContain('✓ passed:    unit');
    expect(f).toContain('· missing:   lint');
    expect(f).toContain('⊘ missing success votes: lint');
    expect(f).toMatch(/✓ unit\s+success/);
    // The cause, not only the name: lint votes from outside, so nothing here can run it or show its log.
    expect(f).toContain('lint: external job: waiting for its vote from outside');
    fits(f);
    await press('r');
    await until(() => frame().includes('nothing to re-run here: each missing job is queued, running or external'), 'r on an external job');
    await press(KEY.enter);
    await until(() => frame().includes('no missing job has a run to show'), 'Enter with no run');
    await press(KEY.esc);
    await until(() => frame().includes('Candidates:'), 'back');
    app.unmount();
  });

  it('d diffs the label and the candidate: pkg-a changed, from → to', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3', 'l', 'd');
    await until(() => frame().includes('Changed (1):'), 'diff');
    const f = frame();
    expect(f).toContain('1 changed · 0 added · 0 removed · 1 unchanged');
    expect(f).toMatch(/~ pkg-a\s+\S+\s+→\s+\S+/);
    // The commits the change brought, not only the versions.
    expect(f).toMatch(/• [0-9a-f]{8} “\w+ change \d+” — rdo-console · distgit [0-9a-f]{8}/);
    expect(f).not.toMatch(/~ pkg-b/);
    fits(f);
    app.unmount();
  });

  it('v lists every vote on the candidate in a table (ink-table), paged at 80x24', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3', 'l', 'v');
    await until(() => frame().includes('votes on '), 'votes view');
    await until(() => /JOB\s*│\s*RESULT/.test(frame()), 'table heading');
    const f = frame();
    expect(f).toMatch(/│ unit\s*│ ✓ success │/);
    expect(f).toMatch(/┌─+┬/);
    expect(f).toMatch(/rows 1-\d+ of \d+/);
    fits(f);
    await press(KEY.esc);
    await until(() => frame().includes('Candidates:'), 'back');
    app.unmount();
  });

  it('read-only hides hold, delete, re-run and promote (footer, keys); so does a viewer', async () => {
    const { app, frame, press } = open({ readOnly: true });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('2');
    await until(() => frame().includes('Nodes:'), 'pool pane');
    expect(frame()).toContain('Enter log');
    expect(frame()).not.toMatch(/H hold|D delete|r re-run/);
    await press('D');
    expect(frame()).not.toContain('[y/N]');
    await press('3');
    await until(() => frame().includes('Candidates:'), 'promotions pane');
    expect(frame()).toContain('d diff');
    expect(frame()).not.toContain('P promote');
    await press('l', 'P');
    expect(frame()).not.toContain('[y/N]');
    app.unmount();

    const viewer = open({ role: 'viewer' });
    await until(() => viewer.frame().includes('Packages:'), 'trunk pane');
    await viewer.press('2');
    await until(() => viewer.frame().includes('Nodes:'), 'pool pane');
    expect(viewer.frame()).not.toMatch(/H hold|D delete|r re-run/);
    expect(viewer.frame()).toContain('Enter log');
    viewer.app.unmount();
  });

  it('D asks before deleting, naming the node first; a target wider than the terminal wraps, never cut', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('2');
    await until(() => frame().includes('Nodes:'), 'pool pane');
    const name = /^> (local-el9-\d+)/m.exec(frame())![1]!;
    await press('D');
    await until(() => frame().includes('[y/N]'), 'confirm');
    expect(frame()).toMatch(new RegExp(`^⚠ Delete node ${name}\\? now \\(\\S+.*\\) \\[y/N\\]$`, 'm'));
    await press('n');
    await until(() => frame().includes('pool.delete: cancelled'), 'cancelled');
    expect(
      ciOf(engine)
        .store.nodes()
        .some((n) => n.name === name),
    ).toBe(true);

    const label = `a-label-much-too-long-for-one-line-${'x'.repeat(20)}`;
    await press(':', ...`promote ${candidate} ${label}`, KEY.enter);
    await until(() => frame().includes('[y/N]'), 'confirm');
    const f = frame();
    fits(f);
    const lines = f.split('\n');
    const at = lines.findIndex((l) => l.startsWith('⚠ Promote'));
    expect(`${lines[at]} ${lines[at + 1]}`).toContain(`${label}? [y/N]`);
    expect(lines[at + 2]).toMatch(/^Enter log/);
    await press('n');
    await until(() => frame().includes('promote: cancelled'), 'cancelled');
    app.unmount();
  });

  it('P asks before promoting, showing what is missing; y promotes on the real engine', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3', 'l', 'P');
    await until(() => frame().includes('[y/N]'), 'confirm');
    expect(frame()).toMatch(new RegExp(`^⚠ Promote ${candidate.slice(0, 8)}_\\w{8} → tripleo-ci-testing\\? missing: lint \\[y/N\\]$`, 'm'));
    await press('y');
    await until(() => frame().includes('✓ promote: tripleo-ci-testing ->'), 'promoted');
    expect(readLink(engine.paths.reposDir, 'tripleo-ci-testing')).toMatch(new RegExp(`/${candidate}$`));
    await until(() => frame().includes('0 candidates'), 'the pane follows');
    app.unmount();
  });
});
