import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labelNameProblem, listLinks, moveLink, removeStaleLinkTemps } from './links.js';

const BUILT = pathToFileURL(resolve(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'engine', 'trunk', 'links.js')).href;

/** A repos/ directory with two complete hashed repos. */
function reposDir(): { dir: string; a: string; b: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'rdo-links-')), 'repos');
  const a = 'ab/cd/abcd1234_11111111';
  const b = 'ef/01/ef012345_22222222';
  for (const r of [a, b]) {
    mkdirSync(join(dir, r, 'repodata'), { recursive: true });
    writeFileSync(join(dir, r, 'repodata', 'repomd.xml'), '<repomd/>');
  }
  return { dir, a, b };
}

describe('label names', () => {
  it('refuses names that collide with the repos/ layout', () => {
    for (const name of ['ab', '00', 'f9', 'repodata', 'status_report.csv', 'x.tmp', 'x.tmp-1-ab', 'a.tmpfoo', '../etc', '.hidden']) {
      expect(labelNameProblem(name), name).not.toBeNull();
    }
    for (const name of ['tripleo-ci-testing', 'current-tripleo', 'AB', 'abc', 'a1b', 'previous-t1', 'current', 'consistent']) {
      expect(labelNameProblem(name), name).toBeNull();
    }
  });
});

describe('moveLink', () => {
  it('refuses to replace something at repos/<name> that is not a link', () => {
    const { dir, a, b } = reposDir();
    mkdirSync(join(dir, 'stable'));
    expect(() => moveLink(dir, 'stable', a)).toThrow(/stable exists and is not a link/);
    writeFileSync(join(dir, 'notes'), 'keep me');
    expect(() => moveLink(dir, 'notes', a)).toThrow(/notes exists and is not a link/);
    expect(lstatSync(join(dir, 'notes')).isFile()).toBe(true);
    expect(moveLink(dir, 'stable-link', a)).toBeNull();
    expect(moveLink(dir, 'stable-link', b)).toBe(a);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('two processes moving the same label many times never collide on the temp link', async () => {
    const { dir, a, b } = reposDir();
    const mover = (target: string) =>
      new Promise<number | null>((res) => {
        const script = `const { moveLink } = await import(${JSON.stringify(BUILT)}); for (let i = 0; i < 300; i++) moveLink(${JSON.stringify(dir)}, 'shared', ${JSON.stringify(target)});`;
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'inherit', 'inherit'] });
        child.once('exit', res);
      });
    expect(await Promise.all([mover(a), mover(b), mover(a)])).toEqual([0, 0, 0]);
    expect([a, b]).toContain(readlinkSync(join(dir, 'shared')));
    expect(readdirSync(dir).sort()).toEqual(['ab', 'ef', 'shared']);
  });
});

describe('temp links', () => {
  it('listLinks skips and removeStaleLinkTemps removes old and new temp patterns, but not a live mover’s', () => {
    const { dir, a, b } = reposDir();
    moveLink(dir, 'current', a);
    symlinkSync(b, join(dir, 'current.tmp'));
    symlinkSync(b, join(dir, 'tripleo-ci-testing.tmp-999999999-0a1b2c'));
    symlinkSync(b, join(dir, `consistent.tmp-${process.pid}-deadbeef`));
    // Another live process (our parent) may be renaming this one into place right now.
    symlinkSync(b, join(dir, `t2.tmp-${process.ppid}-cafe01`));
    expect(Object.fromEntries(listLinks(dir))).toEqual({ current: a });
    expect(removeStaleLinkTemps(dir).sort()).toEqual([`consistent.tmp-${process.pid}-deadbeef`, 'current.tmp', 'tripleo-ci-testing.tmp-999999999-0a1b2c']);
    expect(readdirSync(dir).sort()).toEqual(['ab', 'current', 'ef', `t2.tmp-${process.ppid}-cafe01`]);
  });
});
