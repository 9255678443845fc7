import { openConsole, waitUntil } from '../test-support/console-harness.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../engine/engine.js';
import type { Role } from '../engine/client/index.js';
import { createFixture, type Fixture } from '../test-support/fixture.js';
import { ACTIONS, isDangerous } from './actions.js';
import { keyLabel } from './keymap.js';
import { trunkOf } from '../engine/trunk/index.js';
import { CATALOG } from '../test-support/catalog.js';
import { PANES } from './panes/registry.js';

// Colour on (as in a real terminal) before ink's chalk loads, so the monochrome theme is really tested.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

const ESCAPES = /\x1b\[[0-9;]*m/;

const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r', esc: '\x1b', tab: '\t', shiftTab: '\x1b[Z', pageDown: '\x1b[6~' };

let last = () => '';
const until = (check: () => boolean, what: string, ms?: number) => waitUntil(check, what, () => last(), ms);

describe('console on a real engine', () => {
  let fx: Fixture;
  let engine: Engine;
  let brokenHash: string;

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }, { name: 'pkg-c' }]);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    expect(engine.takeLock()).toEqual({ ok: true });
    await trunkOf(engine).trunk.runPass();
    brokenHash = await fx.commit('pkg-c', 'break');
    await trunkOf(engine).trunk.runPass();
  });
  afterAll(() => engine?.close());

  function open(options: { readOnly?: boolean; role?: Role; color?: boolean; size?: { columns: number; rows: number } } = {}) {
    const h = openConsole(engine, options);
    last = h.frame;
    return h;
  }

  it('shows the trunk pane: links, builds with the failure, per-package status, header alert', async () => {
    const { app, frame } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    const f = frame();
    expect(f).toContain('engine: local');
    expect(f).toContain('[1 Trunk]');
    expect(f).toMatch(/current → [0-9a-f]{8}_[0-9a-f]{8}/);
    expect(f).toContain('consistent →');
    expect(f).toContain(`✗ FAILED   pkg-c`);
    expect(f).toContain(brokenHash.slice(0, 8));
    expect(f).toMatch(/pkg-a\s+✓ SUCCESS/);
    expect(f).toContain('⚠ 1 alert');
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    app.unmount();
  });

  it('j/k move the selection, l focuses the package list (FAILED first); Tab and Shift-Tab cycle the panes', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).toMatch(/^> ✗ FAILED\s+pkg-c/m);
    await press('j');
    expect(frame()).toMatch(/^> ✓ SUCCESS/m);
    await press('k', 'l');
    // The failure sorts first, then the rest by name.
    expect(frame()).toMatch(/^> pkg-c\s+✗ FAILED/m);
    expect(frame()).toContain('▸ Packages');
    await press(KEY.down, KEY.down);
    expect(frame()).toMatch(/^> pkg-b\s+✓ SUCCESS/m);
    await press(KEY.tab);
    await until(() => frame().includes('[2 CI pool]'), 'Tab: the next pane');
    expect(frame()).not.toContain('[1 Trunk]');
    await press(KEY.shiftTab, KEY.shiftTab);
    const lastPane = PANES.at(-1)!;
    await until(() => frame().includes(`[${lastPane.key} ${lastPane.title}]`), 'Shift-Tab twice: round to the last pane');
    await press(KEY.tab);
    await until(() => frame().includes('[1 Trunk]'), 'Tab from the last pane: the first');
    // The selection of each list is kept while away.
    expect(frame()).toMatch(/^> pkg-b\s+✓ SUCCESS/m);
    app.unmount();
  });

  it('h/l and ←/→ stop at the first and the last list (no wrapping round)', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).toContain('▸ Builds');
    await press('h');
    expect(frame()).toContain('▸ Builds');
    await press('\x1b[D');
    expect(frame()).toContain('▸ Builds');
    await press('l', 'l');
    expect(frame()).toContain('▸ Packages');
    await press('\x1b[C');
    expect(frame()).toContain('▸ Packages');
    await press('h');
    expect(frame()).toContain('▸ Builds');
    app.unmount();
  });

  it('? lists every registry action; Esc goes back', async () => {
    const { app, frame, press } = open({ size: { columns: 120, rows: 130 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    for (const a of ACTIONS) expect(frame()).toContain(a.description);
    for (const a of ACTIONS) expect(frame()).toContain(a.keys.map(keyLabel).join(' '));
    await press(KEY.esc);
    await until(() => frame().includes('Packages:'), 'back to the pane');
    app.unmount();
  });

  it('? opens at the keys of the pane it is pressed on, then the ones that work everywhere', async () => {
    const { app, frame, press } = open({ size: { columns: 80, rows: 24 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('3', '?');
    await until(() => frame().includes('Help ·'), 'help');
    const lines = frame().split('\n');
    const at = (title: string) => lines.findIndex((l) => l === title);
    expect(at('Promotions (this pane)')).toBeGreaterThan(0);
    expect(frame()).toContain('Promote the selected candidate');
    expect(at('Everywhere')).toBeGreaterThan(at('Promotions (this pane)'));
    expect(at('Trunk')).toBe(-1);
    expect(frame()).not.toMatch(/^Promotions$/m);
    app.unmount();
  });

  it('/ narrows the rows of the focused list as you type; Esc clears', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('l', '/', 'p', 'k', 'g', '-', 'b');
    await until(() => frame().includes('filter "pkg-b": 1/3'), 'filtered');
    const packageRows = frame().split('▸ Packages')[1]!;
    expect(packageRows).toContain('pkg-b');
    expect(packageRows).not.toContain('pkg-a');
    await press(KEY.enter);
    expect(frame()).toContain('filter "pkg-b"');
    await press(KEY.esc);
    await until(() => !frame().includes('filter "'), 'filter cleared');
    expect(frame().split('▸ Packages')[1]).toContain('pkg-a');
    app.unmount();
  });

  it('read-only hides every action that runs a command (help, footer, palette, keys) and the engine refuses them', async () => {
    const dangerous = ACTIONS.filter((a) => isDangerous(a, CATALOG));
    expect(dangerous.length).toBeGreaterThan(0);
    const rw = open({ size: { columns: 160, rows: 60 } });
    await until(() => rw.frame().includes('Packages:'), 'trunk pane');
    expect(rw.frame()).toContain('F rebuild');
    rw.app.unmount();

    const { app, store, frame, press } = open({ readOnly: true, size: { columns: 160, rows: 60 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).toContain('READ-ONLY');
    expect(frame()).toContain('Enter log');
    expect(frame()).not.toContain('F rebuild');
    expect(frame()).not.toContain('r recheck');
    expect(frame()).not.toContain('p pause');
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    expect(frame()).toContain("Open the selected build's log");
    for (const a of dangerous) expect(frame()).not.toContain(a.description);
    expect(frame()).not.toContain('Recheck the selected FAILED');
    await press(KEY.esc, ':');
    await until(() => frame().includes('Commands ·'), 'palette');
    expect(frame()).toContain('audit');
    expect(frame()).not.toContain('trunk.force-rebuild');
    expect(frame()).not.toContain('trunk.recheck');
    // The keys do nothing either, and the engine refuses the session's commands whatever the console sends.
    await press(KEY.esc, 'F', 'p');
    expect(frame()).not.toContain('[y/N]');
    expect(engine.loops.isPaused('trunk')).toBe(false);
    expect(await store.dispatch({ name: 'trunk.pause' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
      message: expect.stringMatching(/read-only/),
    });
    expect(engine.loops.isPaused('trunk')).toBe(false);
    app.unmount();
  });

  it('the palette says a command is not allowed for a viewer or in a read-only console, not unknown', async () => {
    const viewer = open({ role: 'viewer' });
    await until(() => viewer.frame().includes('Packages:'), 'trunk pane');
    await viewer.press(':', ...'trunk.pause', KEY.enter);
    await until(() => viewer.frame().includes('✗ trunk.pause is not allowed for a viewer'), 'viewer refusal');
    expect(viewer.frame()).not.toContain('unknown command');
    expect(engine.loops.isPaused('trunk')).toBe(false);
    viewer.app.unmount();

    const ro = open({ readOnly: true });
    await until(() => ro.frame().includes('Packages:'), 'trunk pane');
    await ro.press(':', ...'trunk.force-rebuild pkg-a', KEY.enter);
    await until(() => ro.frame().includes('✗ trunk.force-rebuild is not allowed in a read-only console'), 'read-only refusal');
    expect(ro.frame()).not.toContain('[y/N]');
    ro.app.unmount();
  });

  it('with the engine out of reach, a dispatching key says it was not sent (not silence)', async () => {
    const { app, store, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    store.setState({ connection: { state: 'closed', error: 'daemon gone' } });
    await until(() => frame().includes('✗ disconnected'), 'disconnected header');
    await press('p');
    await until(() => frame().includes('✗ not connected to the engine: trunk.pause not sent'), 'pause refused');
    expect(engine.loops.isPaused('trunk')).toBe(false);
    await press('F');
    await until(() => frame().includes('✗ not connected to the engine: trunk.force-rebuild not sent'), 'rebuild refused');
    expect(frame()).not.toContain('[y/N]');
    // A confirmation answered after the connection dropped is not sent either.
    store.setState({ connection: { state: 'connected' } });
    store.notify(true, 'back');
    await press('F');
    await until(() => frame().includes('[y/N]'), 'confirm');
    store.setState({ connection: { state: 'connecting', attempt: 1 } });
    await press('y');
    await until(() => frame().includes('✗ not connected to the engine: trunk.force-rebuild not sent'), 'not sent after confirm');
    expect(trunkOf(engine).store.lastCommit('pkg-c')?.state).toBe('FAILED');
    app.unmount();
  });

  it('a viewer sees no dispatching actions', async () => {
    const { app, frame, press } = open({ role: 'viewer', size: { columns: 160, rows: 60 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).not.toMatch(/r recheck|p pause|R run/);
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    for (const a of ACTIONS.filter((x) => x.commands.length > 0)) expect(frame()).not.toContain(a.description);
    app.unmount();
  });

  it('p pauses the trunk loop on the real engine, recorded in the audit trail; :audit shows it', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame()).toContain('p pause  R run');
    await press('p');
    await until(() => frame().includes('⏸ paused: trunk'), 'paused in header');
    expect(engine.loops.isPaused('trunk')).toBe(true);
    expect(frame()).toContain('✓ trunk.pause: trunk loop paused');
    // While paused the key resumes, and says so in the footer and in help.
    expect(frame()).toContain('p resume  R run');
    expect(frame()).not.toContain('p pause  R run');
    await press('?');
    await until(() => frame().includes('Help ·'), 'help');
    for (let i = 0; i < 60 && !frame().includes('Resume the trunk loop (paused now)'); i++) await press(KEY.down);
    expect(frame()).toContain('Resume the trunk loop (paused now)');
    expect(frame()).not.toContain('Pause or resume the trunk loop');
    await press(KEY.esc);
    await until(() => frame().includes('Packages:'), 'back to the pane');
    const last = engine.events
      .read(engine.events.lastSeq() - 2)
      .filter((e) => e.type === 'command')
      .pop();
    expect(last).toMatchObject({ actor: 'tester', payload: { name: 'trunk.pause', ok: true } });
    await press('p');
    await until(() => !frame().includes('⏸ paused'), 'resumed');
    expect(engine.loops.isPaused('trunk')).toBe(false);
    expect(frame()).toContain('p pause  R run');
    // Typed without waiting for the palette to draw: no key may be lost.
    await press(':', 'a', 'u', KEY.tab);
    await until(() => frame().includes(':audit █'), 'completed');
    await press(KEY.enter);
    await until(() => frame().includes('Audit trail'), 'audit view');
    expect(frame()).toMatch(/tester\s+trunk\.resume\s+✓ ok\s+trunk loop resumed/);
    expect(frame()).toMatch(/tester\s+trunk\.pause\s+✓ ok\s+trunk loop paused/);
    app.unmount();
  });

  it('r rechecks the selected FAILED build on the real engine; F asks y/N and N cancels', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('F');
    await until(() => frame().includes('[y/N]'), 'confirm');
    // The exact target: the package and the commit the engine would rebuild.
    expect(frame()).toContain(`⚠ Force rebuild pkg-c ${brokenHash.slice(0, 8)}? [y/N]`);
    await press('n');
    await until(() => frame().includes('trunk.force-rebuild: cancelled'), 'cancelled');
    expect(trunkOf(engine).store.lastCommit('pkg-c')?.state).toBe('FAILED');
    await press('r');
    await until(() => frame().includes('queued for recheck'), 'recheck result');
    expect(trunkOf(engine).store.lastCommit('pkg-c')?.state).toBe('QUEUED');
    await until(() => frame().includes('· QUEUED'), 'queued row');
    const audit = engine.db.prepare("SELECT actor, payload FROM events WHERE type = 'command' ORDER BY seq DESC LIMIT 1").get() as {
      actor: string;
      payload: string;
    };
    expect(audit.actor).toBe('tester');
    expect(JSON.parse(audit.payload)).toMatchObject({ name: 'trunk.recheck', args: { package: 'pkg-c' }, ok: true });
    app.unmount();
    await trunkOf(engine).trunk.runPass();
    expect(trunkOf(engine).store.lastCommit('pkg-c')?.state).toBe('FAILED');
  });

  it('Enter on a build shows its log; j/k/g/G scroll; Esc goes back', async () => {
    const { app, frame, press } = open();
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press(KEY.enter);
    await until(() => frame().includes('Log: pkg-c'), 'log view');
    await until(() => /syntax error/i.test(frame()), 'log text');
    expect(frame()).toContain('complete');
    const bottom = frame().match(/lines (\d+)-(\d+) of (\d+)/)!;
    expect(bottom[2]).toBe(bottom[3]);
    await press('g');
    expect(frame()).toMatch(/lines 1-\d+ of/);
    await press('j');
    expect(frame()).toMatch(/lines 2-\d+ of/);
    await press('G');
    await until(() => /lines (\d+)-(\d+) of \2 /.test(frame()), 'bottom');
    await press(KEY.esc);
    await until(() => frame().includes('Packages:'), 'back');
    app.unmount();
  });

  it('monochrome output carries no colour escapes (status still has its word and symbol); colour output does', async () => {
    const mono = open();
    await until(() => mono.frame().includes('Packages:'), 'trunk pane');
    await mono.press('?');
    await until(() => mono.frame().includes('Help ·'), 'help');
    await mono.press(KEY.esc);
    await until(() => mono.frame().includes('✗ FAILED'), 'pane');
    for (const f of mono.app.frames) expect(f).not.toMatch(ESCAPES);
    mono.app.unmount();
    const colour = open({ color: true });
    await until(() => colour.frame().includes('Packages:'), 'trunk pane');
    expect(colour.frame()).toMatch(ESCAPES);
    colour.app.unmount();
  });

  it('R runs a pass on the real engine; Enter on the BUILDING row follows its log until the build ends', async () => {
    const up = fx.upstream('pkg-b');
    mkdirSync(join(up, 'ci'), { recursive: true });
    writeFileSync(join(up, 'ci', 'prebuild'), '#!/bin/sh\necho slow-build-start\nsleep 2\necho slow-build-done\n');
    chmodSync(join(up, 'ci', 'prebuild'), 0o755);
    execFileSync('git', ['add', '-A'], { cwd: up });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'slow'], { cwd: up });
    const { app, frame, press } = open({ size: { columns: 120, rows: 100 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    await press('R');
    await until(() => frame().includes('trunk.run: trunk pass started'), 'pass started');
    await until(() => /^> ▶ BUILDING\s+pkg-b/m.test(frame()), 'building row selected', 10_000);
    expect(frame()).toMatch(/w\d\s+\d+s/);
    await press(KEY.enter);
    await until(() => frame().includes('Log: pkg-b'), 'log view');
    await until(() => frame().includes('slow-build-start'), 'log so far', 10_000);
    expect(frame()).toMatch(/ · following/);
    await until(() => frame().includes('slow-build-done') && frame().includes(' · complete'), 'log to the end', 15_000);
    app.unmount();
    await until(() => !trunkOf(engine).trunk.busy, 'pass done', 10_000);
  });

  it('keeps to the terminal: never taller than rows, grows with it, too-small message below 80x24', async () => {
    const { app, frame } = open({ size: { columns: 80, rows: 24 } });
    await until(() => frame().includes('Packages:'), 'trunk pane');
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    Object.defineProperty(app.stdout, 'rows', { value: 40, configurable: true });
    app.stdout.emit('resize');
    await until(() => frame().split('\n').length > 24, 'taller');
    expect(frame().split('\n').length).toBeLessThanOrEqual(40);
    Object.defineProperty(app.stdout, 'columns', { value: 79, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 20, configurable: true });
    app.stdout.emit('resize');
    await until(() => frame().includes('terminal too small'), 'too small');
    expect(frame()).toBe('terminal too small: need 80x24, have 79x20');
    app.unmount();
  });
});
