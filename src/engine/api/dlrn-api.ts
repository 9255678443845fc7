/**
 * The DLRN-compatible HTTP API (`/api/...`, DLRN's dlrn_api.py is the reference), as a handler for startServer.
 * GETs are anonymous; POSTs need HTTP Basic credentials of a configured user and a JSON body.
 * `/api/health` is answered by the server itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operators } from '../config/operators.js';
import type { Engine } from '../engine.js';
import { EngineError } from '../errors.js';
import type { ApiContext, ApiEndpoint } from './dlrn-context.js';
import { DlrnQueries } from '../../store/db/dlrn-queries.js';
import { buildMetrics, lastTestedRepo, promotions, repoStatus } from './dlrn-reads.js';
import { ApiError, authenticate, isJson, readJson } from './dlrn-request.js';
import { aggStatus } from './dlrn-aggregates.js';
import { promote, promoteBatch, recheckPackage, remoteImport, reportResult, useLastTestedRepo } from './dlrn-writes.js';
import { send, sendError, sendJson } from './http-response.js';
import { civotesAggPage, civotesDetailPage, civotesPage, PageError, reportPage } from '../pages/vote-pages.js';
import { trunkOf } from '../trunk/index.js';
import type { HttpHandler } from './server.js';

type Method = 'GET' | 'POST';

export const DLRN_ROUTES: Record<string, Partial<Record<Method, ApiEndpoint>>> = {
  '/api/last_tested_repo': { GET: lastTestedRepo, POST: useLastTestedRepo },
  '/api/repo_status': { GET: repoStatus },
  '/api/agg_status': { GET: aggStatus },
  '/api/report_result': { POST: reportResult },
  '/api/promote': { POST: promote },
  '/api/promote-batch': { POST: promoteBatch },
  '/api/promotions': { GET: promotions },
  '/api/metrics/builds': { GET: buildMetrics },
  '/api/recheck_package': { POST: recheckPackage },
  '/api/remote/import': { POST: remoteImport },
};

/** DLRN's HTML pages, rendered on the server. */
const DLRN_PAGES: Record<string, (engine: Engine, q: URLSearchParams) => string> = {
  '/api/civotes.html': (engine, q) => civotesPage(engine.db, q),
  '/api/civotes_detail.html': (engine, q) => civotesDetailPage(engine.db, q),
  '/api/civotes_agg.html': (engine, q) => civotesAggPage(engine.db, q),
  '/api/report.html': (engine, q) => reportPage(trunkOf(engine).store, q),
};

/** The API's answer to a refusal: its own errors as they are, the engine's by kind (unknown hashes are 400, as in DLRN). */
function refusal(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof EngineError && err.kind !== 'internal') return new ApiError(err.kind === 'not-found' ? 400 : err.status, err.message);
  return null;
}

export function dlrnApi(engine: Engine, operators: Operators): HttpHandler {
  const queries = new DlrnQueries(engine.db);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const pageOf = DLRN_PAGES[url.pathname];
    if (pageOf) {
      if (req.method !== 'GET' && req.method !== 'HEAD') sendError(res, 405, `${req.method} is not allowed on ${url.pathname}`, { Allow: 'GET, HEAD' });
      else {
        try {
          send(res, 200, 'text/html; charset=utf-8', pageOf(engine, url.searchParams));
        } catch (err) {
          if (!(err instanceof PageError)) throw err;
          sendError(res, 400, err.message);
        }
      }
      return true;
    }
    const routes = DLRN_ROUTES[url.pathname];
    if (!routes) return false;
    try {
      const method: string = req.method === 'HEAD' ? 'GET' : (req.method ?? '');
      const endpoint = routes[method as Method];
      if (!endpoint) {
        const allow = Object.keys(routes).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]));
        throw new ApiError(405, `${req.method} is not allowed on ${url.pathname}`, { Allow: allow.join(', ') });
      }
      const ctx = await contextOf(req, method as Method, url, engine, queries, operators);
      const reply = await endpoint(ctx);
      sendJson(res, reply.status, reply.body);
    } catch (err) {
      const refused = refusal(err);
      if (!refused) throw err;
      sendError(res, refused.status, refused.message, refused.headers);
    }
    return true;
  };
}

async function contextOf(req: IncomingMessage, method: Method, url: URL, engine: Engine, queries: DlrnQueries, operators: Operators): Promise<ApiContext> {
  let user = '';
  if (method === 'POST') {
    user = await authenticate(req, operators);
    if (!isJson(req)) throw new ApiError(415, 'Unsupported Media Type, use JSON');
  }
  // A GET's JSON body is the older way of passing parameters, still sent by dlrnapi_client.
  const body = method === 'POST' || isJson(req) ? await readJson(req) : {};
  return { engine, queries, method, url, body, user, now: Date.now() };
}
