import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** How old a `<lock>.takeover` mutex must be before it counts as left behind by a crashed process. */
const TAKEOVER_STALE_MS = 10_000;

/** This boot's id (Linux); '' when unreadable, and then only the pid is checked. */
export const BOOT_ID = readBootId();

function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

interface Holder {
  pid: number;
  bootId: string;
}

/**
 * A pid lock file holding `pid bootid`: one engine drives a data directory at a time. The file is written
 * to a unique temp file and hard-linked into place, so it is never seen empty. A holder from another boot
 * or a dead pid is stale; a stale lock is taken over only under a short-lived `<lock>.takeover` mutex,
 * so of several processes racing for it exactly one wins.
 */
export class PidLock {
  private held = false;
  private readonly token = `${process.pid} ${BOOT_ID}`;

  constructor(readonly file: string) {}

  /** Takes the lock; returns false when another live process holds it (or is taking it over right now). */
  acquire(): boolean {
    if (this.link()) return (this.held = true);
    if (!isStale(this.read())) return false;
    const mutex = `${this.file}.takeover`;
    if (!takeMutex(mutex)) return false;
    try {
      // Re-read under the mutex: another process may have taken the lock over since we looked.
      if (!isStale(this.read())) return false;
      rmSync(this.file, { force: true });
      // Fails when a fresh acquirer linked its lock between the rm and here: it won.
      if (this.link()) return (this.held = true);
      return false;
    } finally {
      rmSync(mutex, { force: true });
    }
  }

  /** When the holder took the lock (the lock file's time), or null when nobody holds it. */
  heldSince(): number | null {
    try {
      return statSync(this.file).mtimeMs;
    } catch {
      return null;
    }
  }

  holder(): number | null {
    return this.read()?.pid ?? null;
  }

  release(): void {
    // Only remove the lock while it is still ours.
    if (this.held && this.readRaw() === this.token) rmSync(this.file, { force: true });
    this.held = false;
  }

  /** Atomically creates the lock file with our token; false when it exists. */
  private link(): boolean {
    const tmp = `${this.file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, this.token, { flag: 'wx' });
    try {
      linkSync(tmp, this.file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  private readRaw(): string | null {
    try {
      return readFileSync(this.file, 'utf8').trim();
    } catch {
      return null;
    }
  }

  /** The holder, or null when there is no lock file or it holds no pid (a stale or legacy empty file). */
  private read(): Holder | null {
    const raw = this.readRaw();
    if (raw === null) return null;
    const [pidText = '', bootId = ''] = raw.split(/\s+/);
    const pid = Number(pidText);
    return Number.isInteger(pid) && pid > 0 ? { pid, bootId } : null;
  }
}

/** A holder is stale when it is from another boot, its pid is dead, or it is this very process. */
function isStale(h: Holder | null): boolean {
  if (h === null) return true;
  if (h.bootId && BOOT_ID && h.bootId !== BOOT_ID) return true;
  return h.pid === process.pid || !isAlive(h.pid);
}

/** Creates the takeover mutex; a mutex older than TAKEOVER_STALE_MS was left by a crash and is removed first. */
function takeMutex(mutex: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(mutex, 'wx'));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!removeIfStale(mutex)) return false;
    }
  }
  return false;
}

/**
 * Removes a left-behind mutex. It is first renamed aside and checked to be the very file judged stale,
 * so a racer never deletes a mutex another process has just created.
 */
function removeIfStale(mutex: string): boolean {
  let seen;
  try {
    seen = statSync(mutex);
  } catch {
    return true;
  }
  if (Date.now() - seen.mtimeMs < TAKEOVER_STALE_MS) return false;
  const aside = `${mutex}.${process.pid}-${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(mutex, aside);
  } catch {
    return true; // another process removed it first
  }
  const moved = statSync(aside);
  if (moved.ino !== seen.ino || moved.mtimeMs !== seen.mtimeMs) {
    // We moved someone's fresh mutex: put it back unless yet another one appeared meanwhile.
    try {
      linkSync(aside, mutex);
    } catch {
      /* a new mutex exists; it wins */
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
