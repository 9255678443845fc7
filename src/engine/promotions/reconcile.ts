import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import { applyPromotion, type PromotionContext } from './promote.js';

/**
 * After a crash: every promotion recorded but not finished is finished (its links moved, its event appended) when
 * its repo is still complete, and undone otherwise, so links and the promotions table agree.
 */
export function reconcilePromotions(ctx: PromotionContext): { finished: number; undone: number } {
  const intents = new PromotionIntents(ctx.store.db);
  let finished = 0;
  let undone = 0;
  for (const p of intents.pending()) {
    if (existsSync(join(ctx.reposDir, p.repo_path, 'repodata', 'repomd.xml'))) {
      applyPromotion(ctx, intents, p);
      finished++;
    } else {
      intents.undo(p.id);
      undone++;
    }
  }
  return { finished, undone };
}
