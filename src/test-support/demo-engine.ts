import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../engine/config/load.js';
import { demoInit } from '../engine/demo/index.js';
import { Engine } from '../engine/engine.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

/** The shipped demo config copied into a temp dir, its demo repositories made, an engine holding the lock. */
export async function openDemoEngine(prefix: string): Promise<{ engine: Engine; config: Config; root: string; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(root, 'data');
  const configDir = join(root, 'config');
  cpSync(CONFIG_DIR, configDir, { recursive: true });
  const config = loadConfig(configDir, dataDir);
  expect((await demoInit(config)).signingKey).toBe('generated');
  const engine = Engine.open({ configDir, dataDir });
  expect(engine.takeLock()).toEqual({ ok: true });
  return {
    engine,
    config,
    root,
    close: async () => {
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
