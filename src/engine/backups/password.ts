import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EngineError } from '../errors.js';

/**
 * The restic repository's password file: created 0600 with a random password on first use (written to a temp
 * file and renamed, so a crash never leaves half a password). Its content is never read by the engine: restic
 * gets the path through RESTIC_PASSWORD_FILE.
 */
export function ensurePasswordFile(file: string): { created: boolean } {
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    return { created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { created: true };
}

export function requirePasswordFile(file: string): void {
  if (!existsSync(file)) throw new EngineError('unavailable', `restic password file ${file} does not exist (a first backup creates it)`);
}
