import { join } from 'node:path';
import type { EngineCore } from '../area.js';
import type { CiRuntime } from '../ci/runtime.js';
import type { PromotionTarget } from '../config/pipeline.js';
import { aggregateLabel } from '../trunk/aggregate.js';
import type { PromotionContext } from './promote.js';
import { neededBy } from './needed-runs.js';
import { Promoter } from './promoter.js';

/** The promotions area while the engine is open: the chain, the shared promotion checks, the promoter. */
export interface PromotionsRuntime {
  targets: readonly PromotionTarget[];
  promotion: PromotionContext;
  promoter: Promoter;
}

export function openPromotions(engine: EngineCore, ci: CiRuntime): PromotionsRuntime {
  const { paths, config } = engine;
  const promotion: PromotionContext = { store: ci.store, events: engine.events, reposDir: paths.reposDir, baseurl: config.trunk.baseurl };
  if (config.trunk['use-components']) {
    const aggregates = { db: engine.db, reposDir: paths.reposDir, tmpDir: paths.tmpDir, reponame: config.trunk.reponame };
    promotion.aggregate = (label) => aggregateLabel(aggregates, label);
  }
  const targets = config.pipeline.promotions;
  const runtime = { targets, promotion, promoter: new Promoter(promotion, targets, join(paths.dataDir, 'promoter.lock'), join(paths.logsDir, 'promoter.log')) };
  ci.jobs.needed = (job, repoPath) => neededBy(ci, paths.reposDir, targets, job, repoPath);
  return runtime;
}
