import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { EngineError } from '../errors.js';
import { FEED, type ChangesReply, type ChecksumsReply, type Hello, type PeerReport } from './protocol.js';

const REQUEST_TIMEOUT_MS = 10_000;
const SNAPSHOT_TIMEOUT_MS = 30 * 60_000;

/** Talks to a primary's replication feed. Every failure is an EngineError naming the URL (never the token). */
export class PrimaryClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly self: () => PeerReport,
  ) {}

  hello(): Promise<Hello> {
    return this.json<Hello>('GET', '/hello');
  }

  changes(after: number, limit: number, upto?: number): Promise<ChangesReply> {
    return this.json<ChangesReply>('GET', '/changes', { after: String(after), limit: String(limit), ...(upto === undefined ? {} : { upto: String(upto) }) });
  }

  checksums(): Promise<ChecksumsReply> {
    return this.json<ChecksumsReply>('GET', '/checksums', {}, 10 * 60_000);
  }

  fence(generation: number, by: string): Promise<{ fenced: boolean }> {
    return this.json('POST', '/fence', {}, REQUEST_TIMEOUT_MS, { generation, by });
  }

  /** Downloads the primary's online-backup copy of its database into `file` (written aside, then renamed). */
  async snapshot(file: string): Promise<void> {
    const res = await this.request('GET', '/snapshot', {}, SNAPSHOT_TIMEOUT_MS);
    const tmp = `${file}.part`;
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(tmp, { mode: 0o600 }));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new EngineError('unavailable', `copy from ${this.url} broke off: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async json<T>(method: string, path: string, params: Record<string, string> = {}, timeout = REQUEST_TIMEOUT_MS, body?: unknown): Promise<T> {
    const res = await this.request(method, path, params, timeout, body);
    return (await res.json()) as T;
  }

  private async request(method: string, path: string, params: Record<string, string>, timeout: number, body?: unknown): Promise<Response> {
    const me = this.self();
    const query = new URLSearchParams({
      ...params,
      node: me.node,
      generation: String(me.generation),
      position: String(me.position),
      ...(me.url ? { url: me.url } : {}),
    });
    const target = `${this.url.replace(/\/+$/, '')}${FEED}${path}?${query}`;
    const send = () =>
      fetch(target, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
    let res: Response;
    try {
      // A GET is tried twice: a kept-alive connection the primary has just closed fails the first (ECONNRESET).
      res = await send().catch((err: unknown) => (method === 'GET' ? send() : Promise.reject(err)));
    } catch (err) {
      const why = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new EngineError('unavailable', `primary ${this.url} does not answer: ${why}`);
    }
    if (res.ok) return res;
    const message = await res
      .json()
      .then((b: { message?: string }) => b.message ?? '')
      .catch(() => '');
    if (res.status === 401 || res.status === 403) throw new EngineError('forbidden', `primary ${this.url} refused the replication token: ${message}`);
    if (res.status === 410) throw new EngineError('gone', message || `primary ${this.url}: changes pruned`);
    if (res.status === 409) throw new EngineError('conflict', message || `primary ${this.url}: conflict`);
    throw new EngineError('unavailable', `primary ${this.url} answered ${res.status}: ${message}`);
  }
}
