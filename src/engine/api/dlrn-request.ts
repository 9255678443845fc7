/** Reading a DLRN API request: credentials, media type, a bounded JSON body, and parameters from URL and body. */
import type { IncomingMessage } from 'node:http';
import { checkUser, TooManyAuthAttempts, type Operators } from '../config/operators.js';
import { basicCredentials } from './tokens.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** A refused request: answered as `{"message": ...}` with this status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type Params = Record<string, unknown>;

/** The user named by valid HTTP Basic credentials; ApiError 401 otherwise, 429 while too many checks are in progress. */
export async function authenticate(req: IncomingMessage, operators: Operators): Promise<string> {
  const challenge = { 'WWW-Authenticate': 'Basic realm="rdo-console"' };
  const credentials = basicCredentials(req.headers.authorization);
  if (!credentials) throw new ApiError(401, 'HTTP Basic credentials of a configured user required', challenge);
  let ok: boolean;
  try {
    ok = await checkUser(operators, credentials.user, credentials.password, req.socket.remoteAddress ?? '?');
  } catch (err) {
    if (err instanceof TooManyAuthAttempts) throw new ApiError(429, err.message, { 'Retry-After': '1' });
    throw err;
  }
  if (!ok) throw new ApiError(401, 'wrong user or password', challenge);
  return credentials.user;
}

export function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}

/** The request's JSON body (an empty body is `{}`); 413 past MAX_BODY_BYTES, 400 when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, `malformed JSON body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, `request body larger than ${MAX_BODY_BYTES} bytes`, { Connection: 'close' });
}

/** Reads the body without destroying the socket on overflow, so the 413 can still be answered. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      done();
      req.pause();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * The parameters of a request: the query string and a JSON object body. DLRN's GETs read the URL first and the
 * body (the older way, still what dlrnapi_client sends alongside) for what the URL lacks; POSTs the other way.
 */
export function mergeParams(url: URL, body: unknown, preferUrl: boolean): Params {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'the JSON body must be an object');
  const query: Params = {};
  for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
  return preferUrl ? { ...(body as Params), ...query } : { ...query, ...(body as Params) };
}
