import { render } from 'ink-testing-library';
import type { Role } from '../engine/area.js';
import { LocalClient } from '../engine/client/local-client.js';
import type { Engine } from '../engine/engine.js';
import { createConsoleStore } from '../store/console/console-store.js';
import { App, WATCHED } from '../ui/app.js';

export interface HarnessOptions {
  readOnly?: boolean;
  role?: Role;
  color?: boolean;
  size?: { columns: number; rows: number };
  /** Receives what `y` copies (the real console writes OSC 52 to the terminal). */
  copy?: (text: string) => void;
}

/** The console on a real engine in ink-testing-library, with fast store flushes and a key presser. */
export function openConsole(engine: Engine, options: HarnessOptions = {}) {
  const client = new LocalClient(engine, { name: 'tester', role: options.role ?? 'operator', readOnly: options.readOnly ?? false });
  const store = createConsoleStore(client, { watch: WATCHED, flushMs: 20, viewMs: 20 });
  const app = render(<App client={client} store={store} readOnly={options.readOnly ?? false} color={options.color ?? false} copy={options.copy} />);
  if (options.size) {
    Object.defineProperty(app.stdout, 'columns', { value: options.size.columns, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: options.size.rows, configurable: true });
    app.stdout.emit('resize');
  }
  const frame = () => app.lastFrame() ?? '';
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { app, store, frame, press };
}

/** Polls until `check` holds; on timeout the error shows what was on the screen. */
export async function waitUntil(check: () => boolean, what: string, screen: () => string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${screen()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
