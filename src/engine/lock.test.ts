import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BOOT_ID, PidLock } from './lock.js';

const BUILT = pathToFileURL(resolve(import.meta.dirname, '..', '..', 'dist', 'src', 'engine', 'lock.js')).href;

/** A pid that is certainly dead: a child that already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** A child that waits for "go", tries the lock once, reports, and holds what it got until its stdin closes. */
function racer(file: string) {
  const script = `
    const { PidLock } = await import(${JSON.stringify(BUILT)});
    const rl = (await import('node:readline')).createInterface({ input: process.stdin });
    const lock = new PidLock(${JSON.stringify(file)});
    console.log('ready');
    for await (const line of rl) {
      if (line === 'go') console.log(lock.acquire() ? 'won' : 'lost');
    }
    lock.release();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<string>((res, rej) => {
      lines.once('line', res);
      child.once('exit', (code) => rej(new Error(`racer exited ${code}`)));
    });
  return { child, next, exited: new Promise<void>((res) => child.once('exit', () => res())) };
}

describe('PidLock', () => {
  it('of many processes racing for a stale lock exactly one wins, every trial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-lock-'));
    for (let trial = 0; trial < 4; trial++) {
      const file = join(dir, `trunk-${trial}.lock`);
      writeFileSync(file, `${deadPid()} ${BOOT_ID}`);
      const racers = Array.from({ length: 8 }, () => racer(file));
      try {
        expect(await Promise.all(racers.map((r) => r.next()))).toEqual(Array(8).fill('ready'));
        const answers = racers.map((r) => r.next());
        for (const r of racers) r.child.stdin!.write('go\n');
        const results = await Promise.all(answers);
        expect(results.filter((r) => r === 'won')).toHaveLength(1);
        const winner = racers[results.indexOf('won')]!.child.pid;
        expect(readFileSync(file, 'utf8')).toBe(`${winner} ${BOOT_ID}`);
      } finally {
        for (const r of racers) r.child.stdin!.end();
        await Promise.all(racers.map((r) => r.exited));
      }
      expect(existsSync(file)).toBe(false);
      // No temp file or takeover mutex is left behind.
      expect(readdirSync(dir).filter((n) => n.startsWith(`trunk-${trial}.`))).toEqual([]);
    }
  });

  it('takes over a lock from another boot even when its pid is alive here; refuses a live holder of this boot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-lock-'));
    const file = join(dir, 'trunk.lock');
    writeFileSync(file, `${process.ppid} ${BOOT_ID}`);
    const lock = new PidLock(file);
    expect(lock.acquire()).toBe(false);
    expect(lock.holder()).toBe(process.ppid);
    writeFileSync(file, `${process.ppid} 00000000-0000-0000-0000-000000000000`);
    expect(lock.acquire()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid} ${BOOT_ID}`);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('a fresh takeover mutex blocks a takeover; one older than 10 s is removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-lock-'));
    const file = join(dir, 'trunk.lock');
    writeFileSync(file, `${deadPid()} ${BOOT_ID}`);
    writeFileSync(`${file}.takeover`, '');
    const lock = new PidLock(file);
    expect(lock.acquire()).toBe(false);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(`${file}.takeover`, old, old);
    expect(lock.acquire()).toBe(true);
    expect(existsSync(`${file}.takeover`)).toBe(false);
    lock.release();
  });

  it('does not remove a lock another process took over from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdo-lock-'));
    const file = join(dir, 'trunk.lock');
    const lock = new PidLock(file);
    expect(lock.acquire()).toBe(true);
    writeFileSync(file, `${process.ppid} ${BOOT_ID}`);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(`${process.ppid} ${BOOT_ID}`);
  });
});
