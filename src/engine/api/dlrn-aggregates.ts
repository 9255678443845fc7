/** GET /api/agg_status: the votes on an aggregate hash (DLRN's civotes_agg); an unknown hash is 200 []. */
import { votesOnAggregate } from '../../store/db/vote-queries.js';
import { paramsOf, type ApiContext, type ApiReply } from './dlrn-context.js';
import { aggStatusParams, parseParams } from './dlrn-params.js';
import { aggregateVoteJson } from './dlrn-shapes.js';

export function aggStatus(ctx: ApiContext): ApiReply {
  const p = parseParams(aggStatusParams, paramsOf(ctx));
  const votes = votesOnAggregate(ctx.engine.db, p.aggregate_hash, p.success);
  return {
    status: 200,
    body: votes.map(aggregateVoteJson),
  };
}
