import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LogChunk } from './api/engine-client.js';

/** A slice of a log file from byte `offset` (< 0: the last `limit` bytes); `complete` says it will not grow. */
export function readLogChunk(path: string | null, complete: boolean, offset: number, limit: number): LogChunk {
  if (!path) return { text: '', offset: 0, complete, truncated: false };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { text: '(log not found)', offset: 0, complete, truncated: false };
  }
  try {
    const size = fstatSync(fd).size;
    const start = offset < 0 ? Math.max(0, size - limit) : Math.min(offset, size);
    const length = Math.min(limit, size - start);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, start);
    return { text: buf.toString('utf8'), offset: start + length, complete, truncated: start > 0 && offset <= 0 };
  } finally {
    closeSync(fd);
  }
}
