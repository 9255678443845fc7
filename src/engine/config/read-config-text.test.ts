import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../test-support/cli.js';
import { ConfigError } from './errors.js';
import { MAX_CONFIG_BYTES, readConfigText } from './read-config-text.js';

const shipped = resolve(import.meta.dirname, '../../../config');

function problemOf(file: string): string {
  try {
    readConfigText(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error(`${file} was read`);
}

describe('readConfigText: only regular UTF-8 files under the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-read-config-'));

  it('reads a plain file, and one exactly at the limit', () => {
    writeFileSync(join(dir, 'ok.yml'), 'trunk:\n  workers: 2 # café\n');
    expect(readConfigText(join(dir, 'ok.yml'))).toBe('trunk:\n  workers: 2 # café\n');
    writeFileSync(join(dir, 'limit.yml'), '#'.repeat(MAX_CONFIG_BYTES));
    expect(readConfigText(join(dir, 'limit.yml')).length).toBe(MAX_CONFIG_BYTES);
  });

  it('refuses a file one byte over the limit, naming its size', () => {
    writeFileSync(join(dir, 'big.yml'), '#'.repeat(MAX_CONFIG_BYTES + 1));
    expect(problemOf(join(dir, 'big.yml'))).toBe(`${dir}/big.yml: too large (${MAX_CONFIG_BYTES + 1} bytes; at most ${MAX_CONFIG_BYTES})`);
  });

  it('refuses a directory and a link to a character device', () => {
    expect(problemOf(dir)).toBe(`${dir}: not a regular file (a directory); a config file must be a plain file`);
    symlinkSync('/dev/zero', join(dir, 'zero.yml'));
    expect(problemOf(join(dir, 'zero.yml'))).toMatch(/zero\.yml: not a regular file \(a character device\)/);
  });

  it('refuses bytes that are not UTF-8, naming the line and its key', () => {
    writeFileSync(join(dir, 'latin1.yml'), Buffer.concat([Buffer.from('releases:\n  - name: zed\n    maintainers: [caf'), Buffer.from([0xe9]), Buffer.from('@x]\n')]));
    expect(problemOf(join(dir, 'latin1.yml'))).toBe(`${dir}/latin1.yml:3: maintainers: bytes that are not UTF-8; save the file as UTF-8`);
  });
});

describe('the binary on config files that never end', () => {
  // Run as a process with a deadline: before the fix a FIFO blocked forever and /dev/zero grew without bound.
  async function runWithRdoinfo(place: (file: string) => void) {
    const root = mkdtempSync(join(tmpdir(), 'rdo-endless-'));
    cpSync(shipped, join(root, 'config'), { recursive: true });
    const file = join(root, 'config', 'rdoinfo.yml');
    rmSync(file);
    place(file);
    const r = await execa(process.execPath, ['--max-old-space-size=256', BIN, 'audit', '--config', join(root, 'config'), '--data', join(root, 'data')], {
      reject: false,
      timeout: 15_000,
      env: { CI: 'true' },
    });
    return { code: r.exitCode, timedOut: r.timedOut, stderr: String(r.stderr), file };
  }

  it('a FIFO: exit 2 at once, naming the file', async () => {
    const r = await runWithRdoinfo((f) => execaSync('mkfifo', [f]));
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rdo-console: ${r.file}: not a regular file (a FIFO); a config file must be a plain file`);
  });

  it('a symlink to /dev/zero: exit 2 at once, naming the file', async () => {
    const r = await runWithRdoinfo((f) => symlinkSync('/dev/zero', f));
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rdo-console: ${r.file}: not a regular file (a character device); a config file must be a plain file`);
  });
});
