import { appendFileSync } from 'node:fs';
import type { ConsoleStore } from '../store/console/console-store.js';

/**
 * For the console benchmark: with RDO_CONSOLE_FRAME_LOG=FILE, appends `key <epoch ms>` for every input and
 * `frame <epoch ms>` for every frame drawn once the engine's snapshot is on screen.
 */
export function frameLogger(store: ConsoleStore, file = process.env.RDO_CONSOLE_FRAME_LOG): { onRender?: () => void; stop: () => void } {
  if (!file) return { stop: () => undefined };
  const onKey = () => appendFileSync(file, `key ${Date.now()}\n`);
  process.stdin.prependListener('data', onKey);
  return {
    onRender: () => {
      if (store.getState().snapshot) appendFileSync(file, `frame ${Date.now()}\n`);
    },
    stop: () => process.stdin.off('data', onKey),
  };
}
