import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AreaContext, HttpRoute } from '../area.js';
import { identify, loadOperators } from '../config/operators.js';
import { bearerToken } from '../api/tokens.js';
import { sendError, sendJson } from '../api/http-response.js';
import { BATCH, FEED, type ChangesReply, type Hello, type PeerReport } from './protocol.js';
import type { ReplicaRuntime } from './runtime.js';

const MAX_LIMIT = 10_000;

/**
 * The daemon's replica routes: the write guard (a replica or a fenced primary refuses every change, before the
 * DLRN API or anything else sees it) and the replication feed a primary serves its replicas.
 */
export function replicaRoutes({ area, engine }: AreaContext<ReplicaRuntime>): HttpRoute[] {
  const guard: HttpRoute = (req, res, url) => {
    if (req.method === 'GET' || req.method === 'HEAD' || url.pathname.startsWith(`${FEED}/`)) return false;
    const refused = area.writeRefusal();
    if (!refused) return false;
    sendError(res, refused.status, refused.message);
    return true;
  };
  const feed: HttpRoute = async (req, res, url) => {
    if (!url.pathname.startsWith(`${FEED}/`)) return false;
    const what = url.pathname.slice(FEED.length + 1);
    // hello says only role, generation and schema: a fencing check needs no secret.
    if (what === 'hello' && req.method === 'GET') {
      const peer = peerOf(url);
      if (peer && authorized(req)) area.heardFrom(peer);
      const hello: Hello = { ...area.identity(), now: Date.now() };
      sendJson(res, 200, hello);
      return true;
    }
    if (!authorized(req)) {
      sendError(res, 401, 'a token of a replication operator is needed (rdo-console token operator NAME --role replication)', { 'WWW-Authenticate': 'Bearer' });
      return true;
    }
    const peer = peerOf(url);
    if (peer) area.heardFrom(peer);
    if (what === 'changes' && req.method === 'GET') return (changes(res, url), true);
    if (what === 'checksums' && req.method === 'GET') {
      const refused = area.feedRefusal();
      if (refused) return (sendError(res, refused.status, refused.message), true);
      sendJson(res, 200, { ...area.store.checksums(), generation: area.store.node().generation });
      return true;
    }
    if (what === 'snapshot' && req.method === 'GET') return (snapshot(res), true);
    if (what === 'fence' && req.method === 'POST') return (fence(req, res), true);
    sendError(res, 404, `no such replication endpoint: ${req.method} ${url.pathname}`);
    return true;
  };

  const authorized = (req: IncomingMessage): boolean => {
    const token = bearerToken(req.headers.authorization);
    if (token === null) return false;
    return identify(loadOperators(engine.config.configDir), token)?.role === 'replication';
  };

  const changes = (res: ServerResponse, url: URL): void => {
    const refused = area.feedRefusal();
    if (refused) return sendError(res, refused.status, refused.message);
    const after = intParam(url, 'after', 0);
    const asked = intParam(url, 'limit', BATCH);
    const upto = url.searchParams.has('upto') ? intParam(url, 'upto', 0) : undefined;
    if (after === null || asked === null || upto === null) return sendError(res, 400, 'after, limit and upto must be whole numbers');
    const limit = Math.min(asked, MAX_LIMIT);
    const head = area.store.head();
    if (after > head) return sendError(res, 409, `replica is at position ${after}, ahead of this primary (${head}): it has diverged; re-copy it`);
    if (after < area.store.oldest() - 1) {
      return sendError(res, 410, `changes after ${after} were pruned here (oldest held: ${area.store.oldest()}); re-copy with replica demote --follow`);
    }
    const batch = area.store.changesAfter(after, limit, upto);
    const last: number = batch.at(-1)?.[0] ?? after;
    const reply: ChangesReply = {
      generation: area.store.node().generation,
      schema: area.schema.version,
      head,
      now: Date.now(),
      changes: batch,
      pendingSince: (last as number) < head ? area.store.changeTime(last + 1) : null,
    };
    sendJson(res, 200, reply);
  };

  const snapshot = async (res: ServerResponse): Promise<void> => {
    const refused = area.feedRefusal();
    if (refused) return sendError(res, refused.status, refused.message);
    const file = join(engine.paths.tmpDir, `replica-snapshot-${randomBytes(6).toString('hex')}.db`);
    try {
      // SQLite's online backup: a consistent copy of the live database, never the file itself.
      await engine.db.backup(file);
      res.writeHead(200, { 'Content-Type': 'application/vnd.sqlite3' });
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file);
        stream.on('error', reject);
        res.on('close', resolve);
        stream.pipe(res);
      });
    } finally {
      await rm(file, { force: true });
    }
  };

  const fence = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const generation = Number(body.generation);
    const by = typeof body.by === 'string' ? body.by.slice(0, 500) : 'a newer primary';
    if (!Number.isInteger(generation) || generation < 1) return sendError(res, 400, 'generation must be a whole number ≥ 1');
    sendJson(res, 200, { fenced: area.learnGeneration(generation, by) });
  };

  return [guard, feed];
}

function intParam(url: URL, name: string, fallback: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

function peerOf(url: URL): PeerReport | null {
  const node = url.searchParams.get('node');
  const generation = Number(url.searchParams.get('generation'));
  const position = Number(url.searchParams.get('position'));
  if (!node || !/^[0-9a-f]{16}$/.test(node) || !Number.isInteger(generation) || !Number.isInteger(position)) return null;
  const u = url.searchParams.get('url');
  return { node, url: u && /^https?:\/\/\S{1,500}$/.test(u) ? u : null, generation, position };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) break;
    chunks.push(chunk);
  }
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
