import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** A pid lock file: one engine drives a data directory at a time. A dead holder's lock is taken over. */
export class PidLock {
  private held = false;

  constructor(readonly file: string) {}

  /** Takes the lock; returns false when another live process holds it. */
  acquire(): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.held = true;
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = this.holder();
        if (holder !== null && holder !== process.pid && isAlive(holder)) return false;
        rmSync(this.file, { force: true });
      }
    }
    return false;
  }

  holder(): number | null {
    try {
      const pid = Number(readFileSync(this.file, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  release(): void {
    if (this.held) rmSync(this.file, { force: true });
    this.held = false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
