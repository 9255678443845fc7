import { closeSync, fstatSync, openSync, readSync, statSync, constants } from 'node:fs';
import { ConfigError } from './errors.js';

/** A config file larger than this is refused (a symlink to /dev/zero must not grow the process without bound). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads a config file as UTF-8 text. Refuses anything that is not a regular file (a FIFO would block forever),
 * a file over MAX_CONFIG_BYTES, and bytes that are not UTF-8 (naming the line and its field).
 */
export function readConfigText(file: string): string {
  let fd: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ConfigError(file, undefined, undefined, `not a regular file (${kindOf(st)}); a config file must be a plain file`);
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, undefined, undefined, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    // Checked again on the open file: it may have been swapped between stat and open.
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ConfigError(file, undefined, undefined, `not a regular file (${kindOf(st)}); a config file must be a plain file`);
    if (st.size > MAX_CONFIG_BYTES) throw tooLarge(file, st.size);
    const buf = Buffer.alloc(st.size + 1);
    let got = 0;
    for (let n; got < buf.length && (n = readSync(fd, buf, got, buf.length - got, null)) > 0; ) got += n;
    if (got > st.size) throw tooLarge(file, got);
    return decodeUtf8(file, buf.subarray(0, got));
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, size: number): ConfigError {
  return new ConfigError(file, undefined, undefined, `too large (${size} bytes; at most ${MAX_CONFIG_BYTES})`);
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(file: string, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Find the first line that does not decode, and the key on it.
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(0x0a, start);
      if (end < 0) end = bytes.length;
      const raw = bytes.subarray(start, end);
      try {
        utf8.decode(raw);
      } catch {
        const text = raw.toString('latin1');
        const field = /^\s*(?:-\s+)?([A-Za-z0-9_.-]+)\s*:/.exec(text)?.[1];
        throw new ConfigError(file, line, field, 'bytes that are not UTF-8; save the file as UTF-8');
      }
      start = end + 1;
    }
    throw new ConfigError(file, undefined, undefined, 'bytes that are not UTF-8; save the file as UTF-8');
  }
}
