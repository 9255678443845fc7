import { readFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { BIN } from './cli.js';

/** For tests: `rdo-console serve` as a real process on a free loopback port. */
export interface DaemonProcess {
  url: string;
  pid: number;
  /** Resident memory of the daemon now, in bytes (0 once it is gone). */
  rss(): number;
  alive(): boolean;
  stderr(): string;
  /** SIGTERM, then its exit code (null when killed). */
  stop(): Promise<number | null>;
  /** SIGKILL: the daemon dies where it is. */
  kill(): Promise<void>;
}

export async function startDaemon(configDir: string, dataDir: string, env: Record<string, string> = {}): Promise<DaemonProcess> {
  const child: ResultPromise = execa(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--config', configDir, '--data', dataDir], {
    reject: false,
    env: { CI: 'true', ...env },
    buffer: false,
    detached: true,
  });
  let stderr = '';
  let exited = false;
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout!.resume();
  const done = child.then(
    (r) => ((exited = true), r.exitCode ?? null),
    () => ((exited = true), null),
  );
  const end = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    url = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
    if (exited) throw new Error(`rdo-console serve exited before listening:\n${stderr}`);
    if (Date.now() > end) throw new Error(`rdo-console serve did not listen within 30 s:\n${stderr}`);
    if (!url) await new Promise((r) => setTimeout(r, 20));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    rss: () => {
      try {
        return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    alive: () => !exited,
    stderr: () => stderr,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      return done;
    },
    async kill() {
      if (!exited) process.kill(-pid, 'SIGKILL');
      await done;
    },
  };
}
