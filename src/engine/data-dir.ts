import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Makes sure the data directory exists and can be written; the error names the directory and the reason. */
export function ensureWritableDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new DataDirError(`data directory ${dir} is not writable (${e.code ?? e.message})`);
  }
}

export class DataDirError extends Error {
  override name = 'DataDirError';
}
