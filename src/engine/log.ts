import { mkdirSync } from 'node:fs';
import { pino, type Logger as PinoLogger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';

/** The engine's structured logger: JSON lines, a child per area (`{"area": "trunk", ...}`). */
export type Logger = PinoLogger;

export const ENGINE_LOG = 'engine.log';

export interface EngineLog {
  log: Logger;
  close(): Promise<void>;
}

export interface EngineLogOptions {
  /** Rotate when the file reaches this size (rotating-file-stream syntax: `10M`). */
  size?: string;
  /** Rotated files kept (`engine.log.1` … `engine.log.N`). */
  keep?: number;
  level?: string;
}

/**
 * `logs/engine.log`, rotated by size, never the console's screen. Write errors (a full or vanished disk) are
 * dropped: logging must never take the engine down.
 */
export function openEngineLog(logsDir: string, options: EngineLogOptions = {}): EngineLog {
  mkdirSync(logsDir, { recursive: true });
  const stream: RotatingFileStream = createStream(ENGINE_LOG, { path: logsDir, size: options.size ?? '10M', rotate: options.keep ?? 5 });
  stream.on('error', () => undefined);
  const log = pino(
    { level: options.level ?? process.env.RDO_LOG_LEVEL ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    stream,
  );
  return {
    log,
    close: () =>
      new Promise<void>((resolve) => {
        log.flush();
        stream.end(() => resolve());
      }),
  };
}

/** A logger that writes nothing (for tools and tests that have no data directory). */
export function silentLogger(): Logger {
  return pino({ enabled: false });
}

/** An error as log fields: its message and stack, without the noise of the whole object. */
export function errorFields(err: unknown): { err: { message: string; stack?: string } } {
  return { err: err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) } };
}
