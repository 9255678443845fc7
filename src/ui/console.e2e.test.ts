import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../test-support/cli.js';

const PROMPT = /^\$\s*$/m;
const session = `rdo-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

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
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', '-u', 'CI', 'PS1=$ ', 'bash', '--norc', '--noprofile');
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
    await waitFor(/Force a rebuild .*\(da/);
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
    await waitFor(/audit/i);
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
    keys(`stty -g > ${join(data, 'stty.after')}; echo still-$((40+2))`, 'Enter');
    await waitFor(/still-42/);
    const before = execFileSync('cat', [join(data, 'stty.before')], { encoding: 'utf8' });
    const after = execFileSync('cat', [join(data, 'stty.after')], { encoding: 'utf8' });
    expect(after).toBe(before);
  }, 120_000);
});
