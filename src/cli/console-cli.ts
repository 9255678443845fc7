import { userInfo } from 'node:os';
import { COMMANDS, isCommandName, type Command, type CommandResult } from '../engine/commands.js';
import { loadConfig } from '../engine/config/load.js';
import { ensureWritableDataDir } from '../engine/data-dir.js';
import { demoInit } from '../engine/demo/index.js';
import { Engine } from '../engine/engine.js';
import { LocalClient } from '../engine/api/local-client.js';
import { WsClient } from '../engine/api/ws-client.js';
import type { EngineClient } from '../engine/api/engine-client.js';
import { EngineLoops } from '../engine/loops.js';
import { killRunningTools } from '../engine/run-tool.js';
import { runConsole } from '../ui/run-console.js';
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
  if (o.attach) {
    const token = o.token ?? process.env.RDO_CONSOLE_TOKEN;
    if (!token) throw new UsageError('--attach needs --token TOKEN (or RDO_CONSOLE_TOKEN)');
    const client = new WsClient(o.attach, token);
    try {
      await runConsole(readOnlyGuard(client, o.readOnly), { readOnly: o.readOnly, color: o.color });
    } finally {
      client.close();
    }
    return exitCodeAfterConsole();
  }
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  ensureWritableDataDir(config.dataDir);
  await demoInit(config);
  const engine = Engine.open({ configDir: config.configDir, dataDir: config.dataDir });
  try {
    const taken = engine.takeTrunk();
    if (!taken.ok) {
      err(`rdo-console: another rdo-console (pid ${taken.holder ?? '?'}) drives ${engine.paths.dataDir}; attach to it with --attach URL --token TOKEN`);
      return 1;
    }
    const loops = new EngineLoops(engine);
    loops.start();
    try {
      const client = new LocalClient(engine, { name: `${operatorName()}@console`, role: 'operator' });
      await runConsole(readOnlyGuard(client, o.readOnly), { readOnly: o.readOnly, color: o.color });
    } finally {
      await loops.stop();
      killRunningTools();
    }
    return exitCodeAfterConsole();
  } finally {
    engine.close();
  }
}

/** A read-only console cannot dispatch dangerous commands, whatever the keys say. */
function readOnlyGuard(client: EngineClient, readOnly: boolean): EngineClient {
  if (!readOnly) return client;
  const dispatch = (command: Command): Promise<CommandResult> =>
    isCommandName(command.name) && COMMANDS[command.name].dangerous
      ? Promise.resolve({ ok: false, message: `${command.name} is dangerous and this console is read-only` })
      : client.dispatch(command);
  return {
    where: client.where,
    snapshot: () => client.snapshot(),
    subscribe: (fromSeq, onEvents, onConnection) => client.subscribe(fromSeq, onEvents, onConnection),
    dispatch,
    buildLog: (buildId, offset, limit) => client.buildLog(buildId, offset, limit),
    close: () => client.close(),
  };
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
