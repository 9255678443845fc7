import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';

/** A slice of a build or job log, as the log views page through it. */
export interface LogChunk {
  text: string;
  /** Byte offset to ask from next time. */
  offset: number;
  /** False while the build or job still runs (the log may grow). */
  complete: boolean;
  truncated: boolean;
}

/** The most a console may ask for at once. */
export const MAX_LOG_CHUNK = 1024 * 1024;

/** `offset` (negative: the last `limit` bytes) and `limit`, as log queries take them. */
export const logSliceArgs = {
  offset: z.number().int().safe().default(0),
  limit: z
    .number()
    .int()
    .min(0)
    .max(MAX_LOG_CHUNK)
    .default(64 * 1024),
};

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
