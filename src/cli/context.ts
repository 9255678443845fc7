import { userInfo } from 'node:os';
import { CommanderError } from 'commander';
import type { Actor } from '../engine/area.js';
import { ConfigError } from '../engine/config/errors.js';
import { DataDirError } from '../engine/data-dir.js';
import { Engine } from '../engine/engine.js';
import { EngineError, exitCodeOf } from '../engine/errors.js';
import { defaultConfigDir, defaultDataDir } from '../engine/paths.js';

/** Where output goes: stdout and stderr of the process, or a test's arrays. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface GlobalOptions {
  config?: string;
  data?: string;
  json?: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function configDirOf(o: GlobalOptions): string {
  return o.config ?? defaultConfigDir();
}

export function dataDirOf(o: GlobalOptions): string {
  return o.data ?? defaultDataDir();
}

export function openEngine(o: GlobalOptions): Engine {
  return Engine.open({ configDir: configDirOf(o), dataDir: dataDirOf(o) });
}

/** Opens the engine, runs `fn`, closes the engine whatever happens. */
export async function withEngine<T>(o: GlobalOptions, fn: (engine: Engine) => T | Promise<T>): Promise<T> {
  const engine = openEngine(o);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** The operator at this terminal, as recorded in the audit trail. */
export function cliActor(): Actor {
  let name = process.env.USER ?? 'unknown';
  try {
    name = userInfo().username;
  } catch {
    /* keep $USER */
  }
  return { name: `${name}@cli`, role: 'operator' };
}

/** "another rdo-console drives it": what a command that needs the data directory's lock says when refused. */
export function lockHeld(engine: Engine, holder: number | null, hint = 'stop it or attach to it'): string {
  return `rdo-console: another rdo-console (pid ${holder ?? '?'}) is driving ${engine.paths.dataDir}; ${hint}`;
}

/** Exit code and message for an error that reached the top: 2 for bad usage and bad config, else by kind. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, message: '' };
  if (err instanceof ConfigError || err instanceof DataDirError || err instanceof UsageError) return { code: 2, message: `rdo-console: ${err.message}` };
  if (err instanceof EngineError) return { code: exitCodeOf(err.kind), message: `rdo-console: ${err.message}` };
  return { code: 1, message: `rdo-console: ${err instanceof Error ? err.message : String(err)}` };
}
