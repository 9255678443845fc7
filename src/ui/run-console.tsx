import { render, type Instance } from 'ink';
import { constants } from 'node:os';
import { format } from 'node:util';
import type { EngineClient } from '../engine/client/index.js';
import { createConsoleStore } from '../store/console/console-store.js';
import { App, WATCHED } from './app.js';
import { DiffedStdout } from './diffed-stdout.js';
import { frameLogger } from './frame-log.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** OSC 52: the terminal (through SSH, and tmux with `set-clipboard on`) puts the text on the local clipboard. */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

/**
 * Holds what code prints with console.* while the console owns the screen (it would land between cells), and
 * prints it on stderr once the console has closed.
 */
function holdConsoleOutput(): { release(): void } {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  const held: string[] = [];
  for (const m of methods) console[m] = (...args: unknown[]) => void (held.length < 200 && held.push(format(...args)));
  return {
    release() {
      methods.forEach((m, i) => (console[m] = saved[i]!));
      for (const line of held) process.stderr.write(`${line}\n`);
    },
  };
}

/**
 * Runs the console full-screen until the operator quits (q or Ctrl-C). The terminal is restored on quit,
 * uncaught exception, unhandled rejection and SIGINT/SIGTERM/SIGHUP; an exception or rejection rejects the
 * returned promise, a signal resolves it with process.exitCode set to 128 + the signal number.
 */
export async function runConsole(client: EngineClient, options: { readOnly: boolean; color: boolean }): Promise<void> {
  const out = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    out.write(LEAVE_ALT_SCREEN);
  };
  out.write(ENTER_ALT_SCREEN);
  const screen = new DiffedStdout(out);
  const printed = holdConsoleOutput();

  // An engine in this process answers at once: its snapshot is then on the very first frame, instead of a
  // "connecting…" frame drawn first and redrawn straight away. An attached console does not wait for it.
  const store = createConsoleStore(client, { watch: WATCHED });
  await Promise.race([store.start(), new Promise<void>((resolve) => setImmediate(resolve))]);

  return new Promise<void>((resolve, reject) => {
    let instance: Instance | undefined;
    let done = false;
    const onSignal = (signal: NodeJS.Signals) => {
      process.exitCode = 128 + (constants.signals[signal] ?? 0);
      finish();
    };
    const onError = (err: unknown) => finish(err ?? new Error('unknown error'));
    const detach = () => {
      for (const s of SIGNALS) process.off(s, onSignal);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      process.off('exit', restore);
    };
    function finish(err?: unknown) {
      if (done) return;
      done = true;
      try {
        instance?.unmount();
      } catch {
        // Unmounting a crashed tree may throw; the terminal is restored below regardless.
      }
      screen.close();
      restore();
      printed.release();
      detach();
      if (err === undefined) resolve();
      else reject(err);
    }

    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    process.on('exit', restore);
    try {
      const frames = frameLogger(store);
      instance = render(
        <App
          client={client}
          store={store}
          readOnly={options.readOnly}
          color={options.color}
          onQuit={(code) => code !== 0 && (process.exitCode = code)}
          copy={(text) => out.write(osc52(text))}
        />,
        {
          stdout: screen as unknown as NodeJS.WriteStream,
          // Ink's debug mode hands each whole frame to `stdout` unthrottled and adds no escapes of its own; the
          // DiffedStdout draws only what changed (and coalesces frames of one tick), see screen-diff.ts.
          debug: true,
          exitOnCtrlC: false,
          patchConsole: false,
          onRender: frames.onRender,
        },
      );
      instance.waitUntilExit().finally(frames.stop);
      instance.waitUntilExit().then(
        () => finish(),
        (err: unknown) => finish(err ?? new Error('console crashed')),
      );
    } catch (err) {
      finish(err);
    }
  });
}
