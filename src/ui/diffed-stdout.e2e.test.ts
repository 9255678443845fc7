import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const session = `rdo-diff-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const feeder = resolve(import.meta.dirname, '../test-support/frame-feed.mjs');

async function phaseDone(file: string): Promise<string> {
  for (const end = Date.now() + 30_000; !existsSync(file);) {
    if (Date.now() > end) throw new Error(`${file} never written:\n${tmux('capture-pane', '-p', '-t', session)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return readFileSync(file, 'utf8');
}

/** The pane as text, each line without its trailing blanks (as the feeder writes what it expects). */
const shown = () =>
  tmux('capture-pane', '-p', '-t', session)
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');

describe('only the changed cells reach a real terminal (tmux)', () => {
  afterAll(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      /* already gone */
    }
  });

  it('after hundreds of frames, bursts and resizes the screen equals the last frame, nothing left of earlier ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-diff-'));
    const out = join(dir, 'expected-');
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', process.execPath, feeder, '7', '400', out);
    const pid = Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim());

    const first = await phaseDone(`${out}1.txt`);
    expect(first).toMatch(/\S/);
    expect(shown()).toBe(first.replace(/\n$/, ''));

    for (const [phase, [x, y]] of [
      [2, [120, 40]],
      [3, [60, 16]],
    ] as const) {
      tmux('resize-window', '-t', session, '-x', String(x), '-y', String(y));
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGUSR1');
      const expected = await phaseDone(`${out}${phase}.txt`);
      expect(expected.split('\n').length - 1).toBe(y);
      expect(shown()).toBe(expected.replace(/\n$/, ''));
    }
  });
});
