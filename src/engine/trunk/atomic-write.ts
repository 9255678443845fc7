import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file others may be reading: to `<file>.tmp-<pid>`, then renamed over it. */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
