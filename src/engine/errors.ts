/**
 * The one error type of the engine. Its kind decides the HTTP status, the CLI exit code and how the console
 * words it; nothing downstream reads the message to decide.
 */
export const ERROR_KINDS = ['bad-request', 'not-found', 'conflict', 'gone', 'forbidden', 'unavailable', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const HTTP_STATUS: Record<ErrorKind, number> = {
  'bad-request': 400,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  forbidden: 403,
  unavailable: 503,
  internal: 500,
};

/** 2 is bad usage (as for a malformed command line or config); every other refusal is 1. */
const EXIT_CODE: Record<ErrorKind, number> = {
  'bad-request': 2,
  'not-found': 1,
  conflict: 1,
  gone: 1,
  forbidden: 1,
  unavailable: 1,
  internal: 1,
};

/** The word the console shows before the message, so the kind reads at a glance. */
const CONSOLE_WORD: Record<ErrorKind, string> = {
  'bad-request': 'bad request',
  'not-found': 'not found',
  conflict: 'conflict',
  gone: 'gone',
  forbidden: 'not allowed',
  unavailable: 'unavailable',
  internal: 'internal error',
};

export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return httpStatusOf(this.kind);
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

export function httpStatusOf(kind: ErrorKind): number {
  return HTTP_STATUS[kind];
}

export function exitCodeOf(kind: ErrorKind): number {
  return EXIT_CODE[kind];
}

export function consoleWordOf(kind: ErrorKind): string {
  return CONSOLE_WORD[kind];
}

/** Any thrown value as an EngineError: its own kind when it has one, else internal. */
export function asEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const kind = (err as { kind?: unknown } | null)?.kind;
  return new EngineError(isErrorKind(kind) ? kind : 'internal', err instanceof Error ? err.message : String(err));
}
