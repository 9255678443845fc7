import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import type { PromotionRow } from '../../store/db/pipeline-store.js';
import { applyPromotion, finishPromotions, type PromotionContext } from './promote.js';

/**
 * After a crash: every promotion recorded but not finished is finished (its links moved, its event appended, its
 * label's aggregate rebuilt with components on) when its repo is still complete, and undone otherwise, so links
 * and the promotions table agree. A batch cut short is thus finished as a whole (rolled forward).
 */
export function reconcilePromotions(ctx: PromotionContext): { finished: number; undone: number } {
  const intents = new PromotionIntents(ctx.store.db);
  const applied: PromotionRow[] = [];
  let undone = 0;
  for (const p of intents.pending()) {
    if (existsSync(join(ctx.reposDir, p.repo_path, 'repodata', 'repomd.xml'))) {
      applyPromotion(ctx, p);
      applied.push(p);
    } else {
      intents.undo(p.id);
      undone++;
    }
  }
  if (applied.length > 0) finishPromotions(ctx, intents, applied);
  return { finished: applied.length, undone };
}
