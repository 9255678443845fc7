/** What every DLRN API endpoint is given and what it answers. */
import type { Engine } from '../engine.js';
import type { DlrnQueries } from '../../store/db/dlrn-queries.js';
import { mergeParams, type Params } from './dlrn-request.js';

export interface ApiContext {
  engine: Engine;
  queries: DlrnQueries;
  method: 'GET' | 'POST';
  url: URL;
  /** The parsed JSON body (`{}` when there was none). */
  body: unknown;
  /** The HTTP Basic user of a POST; empty for anonymous GETs. */
  user: string;
  now: number;
}

export interface ApiReply {
  status: number;
  body: unknown;
}

export type ApiEndpoint = (ctx: ApiContext) => ApiReply | Promise<ApiReply>;

/** The request's parameters, from the query string and a JSON object body. */
export function paramsOf(ctx: ApiContext): Params {
  return mergeParams(ctx.url, ctx.body, ctx.method === 'GET');
}
