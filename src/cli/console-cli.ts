import { userInfo } from 'node:os';
import type { EngineClient } from '../engine/client/index.js';
import { LocalClient } from '../engine/client/local-client.js';
import { demoInit } from '../engine/demo/index.js';
import { Engine } from '../engine/engine.js';
import { EngineLoops } from '../engine/loops.js';
import { killRunningTools } from '../engine/run-tool.js';
import type { Program } from './commands.js';
import { configDirOf, dataDirOf, UsageError, type GlobalOptions } from './context.js';

export interface ConsoleOptions extends GlobalOptions {
  attach?: string;
  token?: string;
  readOnly: boolean;
  color: boolean;
}

/** `rdo-console` with no subcommand: the console, on an embedded engine or attached to a daemon. */
export async function consoleCli(o: ConsoleOptions, err: (line: string) => void): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UsageError('the console needs a terminal; without one use the subcommands (rdo-console --help)');
  }
  // The UI (ink, react, yoga) loads while the engine opens; see loadUi.
  const ui = loadUi();
  if (o.attach) {
    const token = o.token ?? process.env.RDO_CONSOLE_TOKEN;
    if (!token) throw new UsageError('--attach needs --token TOKEN (or RDO_CONSOLE_TOKEN)');
    const { WsClient } = await import('../engine/client/ws-client.js');
    const { runConsole } = await ui;
    const client = new WsClient(o.attach, token, { readOnly: o.readOnly });
    try {
      // A token the daemon refuses is said at once and in full; a daemon that does not answer yet is waited
      // for in the console, which says it is reconnecting.
      await Promise.race([client.snapshot().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
      if (client.refusal) {
        err(`rdo-console: ${client.refusal}`);
        return 1;
      }
      await runConsole(client, { readOnly: o.readOnly, color: o.color });
    } finally {
      client.close();
    }
    return exitCodeAfterConsole();
  }
  // Engine.open loads the config and checks the data directory (as loadConfig + ensureWritableDataDir did
  // before); demoInit then works from the engine's config, so the config is parsed once, not twice.
  const engine = Engine.open({ configDir: configDirOf(o), dataDir: dataDirOf(o) });
  try {
    const { runConsole } = await ui;
    await demoInit(engine.config);
    const taken = engine.takeLock();
    if (!taken.ok) {
      const since = taken.since === null ? '' : `, since ${new Date(taken.since).toISOString().replace(/\.\d+Z$/, 'Z')}`;
      err(
        `rdo-console: another rdo-console (pid ${taken.holder ?? '?'}${since}) drives the engine in ${engine.paths.dataDir}; only one process can.\n` +
          'To open several consoles on one engine, run it as a daemon (`rdo-console serve`) and open each console with\n' +
          '`rdo-console --attach URL --token TOKEN` (`rdo-console token operator` makes a token).',
      );
      return 1;
    }
    const loops = new EngineLoops(engine);
    loops.start();
    try {
      const client = new LocalClient(engine, { name: `${operatorName()}@console`, role: 'operator', readOnly: o.readOnly });
      await runConsole(client, { readOnly: o.readOnly, color: o.color });
    } finally {
      await loops.stop();
      killRunningTools();
    }
    return exitCodeAfterConsole();
  } finally {
    await engine.close();
  }
}

/**
 * Starts loading the UI modules. React picks its development or production build from NODE_ENV when it is
 * first loaded: unless the environment says otherwise, the console runs the production build (the
 * development one is several times slower per frame and records a performance measure per component
 * render). NODE_ENV is unset again once the modules are loaded, before the engine runs any tool.
 * (The bundled build has NODE_ENV fixed at build time and does not depend on this.) See below for fetch.
 */
function loadUi(): Promise<typeof import('../ui/run-console.js')> {
  const env = process.env; // not `process.env.NODE_ENV`, which the bundler replaces with a constant
  const set = env.NODE_ENV === undefined;
  if (set) env.NODE_ENV = 'production';
  // Ink's layout engine (yoga-layout) fetch()es its WebAssembly from a data: URL when fetch exists, which loads
  // Node's whole HTTP client (undici: ~20 ms, ~6 MB) for that alone; without fetch it decodes the same bytes
  // itself. Nothing else runs while the UI loads, and fetch is back once it has.
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetch?.configurable) delete (globalThis as { fetch?: unknown }).fetch;
  const loading = import('../ui/run-console.js');
  const restore = () => {
    if (set && env.NODE_ENV === 'production') delete env.NODE_ENV;
    if (fetch?.configurable && !Object.getOwnPropertyDescriptor(globalThis, 'fetch')) Object.defineProperty(globalThis, 'fetch', fetch);
  };
  // Also marks the promise handled when a usage error returns before it is awaited.
  loading.then(restore, restore);
  return loading;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'operator';
  }
}

/** 0 after q; 128 + the signal's number when a signal ended the console (set by runConsole). */
function exitCodeAfterConsole(): number {
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

/** `rdo-console` with no subcommand opens the console. */
export function registerConsoleCli(p: Program): void {
  p.root
    .option('--attach <url>', 'open the console on a daemon (rdo-console serve) instead of an embedded engine')
    .option('--token <token>', 'the operator token for --attach (or RDO_CONSOLE_TOKEN)')
    .option('--read-only', 'hide and refuse dangerous actions')
    .option('--no-color', 'monochrome console (also when NO_COLOR is set)')
    .allowExcessArguments()
    .action(async (o: Record<string, unknown>, cmd: { args: string[] }) => {
      if (cmd.args.length > 0) throw new UsageError(`unknown command "${cmd.args.join(' ')}"; see rdo-console --help`);
      p.exitCode = await consoleCli(
        {
          config: o.config as string | undefined,
          data: o.data as string | undefined,
          attach: o.attach as string | undefined,
          token: o.token as string | undefined,
          readOnly: Boolean(o.readOnly),
          color: o.color !== false && !process.env.NO_COLOR,
        },
        p.io.err,
      );
    });
}
