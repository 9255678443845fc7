import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../test-support/cli.js';
import { createFixture } from '../test-support/fixture.js';
import { Engine } from '../engine/engine.js';
import { startServer } from '../engine/api/server.js';
import { hashToken, loadOperators } from '../engine/config/operators.js';
import { dataPaths } from '../engine/paths.js';

const PROMPT = /^\$\s*$/m;
const session = `rdo-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

/** A fresh shell in a fresh 80x24 session (the earlier one, if any, is closed). */
function freshSession(): void {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* none yet */
  }
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', '-u', 'CI', 'PS1=$ ', 'bash', '--norc', '--noprofile');
}

/** Lets the terminal's escape-time pass, so an Esc and the next key are not read as Alt-key. */
const settle = () => new Promise((r) => setTimeout(r, 300));

async function waitFor(what: RegExp, timeoutMs = 60_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (what.test(s)) return s;
    if (Date.now() > end) throw new Error(`screen never showed ${what}:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the real console in tmux at 80x24', () => {
  afterAll(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      /* already gone */
    }
  });

  it('opens on the demo, shows builds, help, a build log and the pipeline panes, quits and leaves the shell usable', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rdo-e2e-'));
    freshSession();
    await waitFor(PROMPT);
    keys(`stty -g > ${join(data, 'stty.before')}`, 'Enter');
    keys(`${process.execPath} ${BIN} --data ${data}/d`, 'Enter');

    const first = await waitFor(/SUCCESS[\s\S]*SUCCESS/);
    const lines = first.replace(/\n$/, '').split('\n');
    expect(lines.length).toBe(24);
    expect(lines[0]).toMatch(/^rdo-console/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(first).toMatch(/engine: local/);
    expect(first).toMatch(/current/);

    keys('?');
    expect(await waitFor(/Help/)).toMatch(/Quit the console/);
    keys('G');
    await waitFor(/Releases[\s\S]*Compose/);
    // Page up from the end of the help, one screen at a time, until the pages read so far (top to bottom) hold
    // the Promotions section: a section can straddle two pages.
    const promotionsHelp = /Promote the selected candidate[\s\S]*dangerous: asks[\s\S]*Run a promoter pass now/;
    // The help's own "lines A-B" tells that a page turned (the header's countdowns change the screen every second).
    const shown = (s: string) => /Help · lines (\d+)-\d+ of/.exec(s)?.[1];
    const pages = [screen()];
    for (let i = 0; i < 12 && !promotionsHelp.test(pages.join('\n')) && shown(pages[0]!) !== '1'; i++) {
      const before = shown(pages[0]!);
      expect(before, 'the help says which lines it shows').toBeDefined();
      keys('PageUp');
      pages.unshift(await waitFor(new RegExp(`Help · lines (?!${before}-)\\d+-`), 5000));
    }
    expect(pages.join('\n')).toMatch(promotionsHelp);
    keys('Escape');
    await settle();
    await waitFor(/SUCCESS/);

    keys('g', 'Enter');
    await waitFor(/› log [\s\S]*(Executing\(%|Wrote: |rpmbuild|# python-demo|# openstack-demo)/);
    keys('Escape');
    await settle();
    await waitFor(/Builds/);

    keys(':');
    keys('audit', 'Enter');
    // The view's own title, not the palette line that was typed.
    await waitFor(/Audit trail \(who \/ what \/ when \/ result\)/);
    keys('Escape');
    await settle();

    keys('2');
    const pool = await waitFor(/\[2 CI pool\][\s\S]*Nodes:[\s\S]*Job runs:/);
    expect(pool).toMatch(/pool local-el9/);
    expect(pool.replace(/\n$/, '').split('\n').length).toBe(24);
    keys('3');
    const promotions = await waitFor(/\[3 Promotions\][\s\S]*Labels:[\s\S]*Candidates:/);
    expect(promotions).toMatch(/tripleo-ci-testing/);
    keys('1');
    await waitFor(/\[1 Trunk\]/);

    keys('q');
    await waitFor(PROMPT, 15_000);
    keys(`echo exit=$?; stty -g > ${join(data, 'stty.after')}; echo still-$((40+2))`, 'Enter');
    expect(await waitFor(/still-42/)).toMatch(/^exit=0$/m);
    const before = execFileSync('cat', [join(data, 'stty.before')], { encoding: 'utf8' });
    const after = execFileSync('cat', [join(data, 'stty.after')], { encoding: 'utf8' });
    expect(after).toBe(before);
  }, 120_000);

  it('quitting while the first builds and jobs run stops them in order: q exits 0, Ctrl-C 130, nothing crashes', async () => {
    for (const [key, status] of [
      ['q', 0],
      ['C-c', 130],
    ] as const) {
      const data = mkdtempSync(join(tmpdir(), 'rdo-e2e-quit-'));
      freshSession();
      await waitFor(PROMPT);
      keys(`${process.execPath} ${BIN} --data ${data}/d 2> ${data}/stderr`, 'Enter');
      await waitFor(/BUILDING|QUEUED/);
      await new Promise((r) => setTimeout(r, 2000));
      keys(key);
      await waitFor(PROMPT, 30_000);
      keys(`echo exit=$?; cat ${data}/stderr; echo done-$((40+2))`, 'Enter');
      const after = await waitFor(/done-42/);
      expect(after).toMatch(new RegExp(`^exit=${status}$`, 'm'));
      expect(after).not.toMatch(/TypeError|database connection is not open|Error:/);
      // What the quit interrupted is taken up again by the next start (as after kill -9).
      const again = execFileSync(process.execPath, [BIN, '--data', `${data}/d`, 'trunk', 'run', '--once'], {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
      expect(again).toMatch(/pass \d+: \d+ built, 0 failed/);
    }
  }, 240_000);

  it('--attach with a token the daemon refuses says so at once, in full, and exits 1', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(join(fx.configDir, 'operators.yml'), `operators:\n  - {name: olga, role: operator, token-sha256: ${hashToken('right-token-0123456789')}}\n`);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    const server = await startServer(engine, { host: '127.0.0.1', port: 0, operators: loadOperators(fx.configDir) });
    try {
      freshSession();
      await waitFor(PROMPT);
      const started = Date.now();
      keys(`${process.execPath} ${BIN} --attach ${server.url} --token wrong-token; echo exit=$?`, 'Enter');
      const s = await waitFor(/^exit=\d+$/m, 15_000);
      expect(s).toMatch(/rdo-console: .* refused the console: 401 token not accepted/);
      expect(s).toMatch(/^exit=1$/m);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await server.close();
      await engine.close();
    }
  }, 60_000);

  it('a second embedded console on a data directory another process drives names that process and says how to share the engine', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    mkdirSync(fx.dataDir, { recursive: true });
    writeFileSync(dataPaths(fx.dataDir).lockFile, String(process.pid));
    freshSession();
    await waitFor(PROMPT);
    keys(`${process.execPath} ${BIN} --config ${fx.configDir} --data ${fx.dataDir}; echo exit=$?`, 'Enter');
    await waitFor(/^exit=\d+$/m, 30_000);
    // -J joins the lines the terminal wrapped, so the words are checked whatever the pid's length.
    const s = tmux('capture-pane', '-pJ', '-t', session);
    expect(s).toMatch(new RegExp(`another rdo-console \\(pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z\\) drives the engine`));
    expect(s).toContain('`rdo-console serve`');
    expect(s).toContain('`rdo-console --attach URL --token TOKEN`');
    expect(s).toMatch(/^exit=1$/m);
  }, 60_000);
});
