import { ConfigError } from '../engine/config/errors.js';
import { DataDirError } from '../engine/data-dir.js';
import { Engine } from '../engine/engine.js';
import { defaultConfigDir, defaultDataDir } from '../engine/paths.js';
import type { Actor } from '../engine/commands.js';
import { userInfo } from 'node:os';

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

/** Exit code and message for an error that reached the top. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof ConfigError || err instanceof DataDirError || err instanceof UsageError) {
    return { code: 2, message: `rdo-console: ${err.message}` };
  }
  return { code: 1, message: `rdo-console: ${err instanceof Error ? err.message : String(err)}` };
}
