import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config/load.js';
import { statePath } from './paths.js';

/** `<dataDir>/demo/state.json`: where the scripted activity sequence stands. */
export interface DemoState {
  step: number;
}

export function readState(config: Config): DemoState {
  const file = statePath(config);
  if (!existsSync(file)) return { step: 0 };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoState>;
  const step = Number.isInteger(parsed.step) && parsed.step! >= 0 ? parsed.step! : 0;
  return { step };
}

export function writeState(config: Config, state: DemoState): void {
  const file = statePath(config);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
