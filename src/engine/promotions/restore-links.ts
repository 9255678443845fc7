import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NewPromotion } from '../../store/db/pipeline-store.js';
import { linkPlaceOf, moveLinkAt, readLinkAt } from '../trunk/components.js';
import type { PromotionContext } from './promote.js';

/** One link as it was before a batch moved any: its place (a repo path under it), name and target (null: absent). */
export interface LinkState {
  repoPath: string;
  name: string;
  target: string | null;
}

/** The links (each label and its previous-<label>, in each repo's place) that the promotions may move, as they are now. */
export function priorLinks(reposDir: string, promotions: readonly NewPromotion[]): LinkState[] {
  const before = new Map<string, LinkState>();
  for (const p of promotions) {
    const place = linkPlaceOf(reposDir, p.repo_path);
    for (const name of [p.promote_name, `previous-${p.promote_name}`]) {
      const key = `${place.prefix}${name}`;
      if (!before.has(key)) before.set(key, { repoPath: p.repo_path, name, target: readLinkAt(place, name) });
    }
  }
  return [...before.values()];
}

/** Puts each link back where it was (removing one that did not exist). */
export function restoreLinks(ctx: PromotionContext, links: readonly LinkState[], actor: string): void {
  for (const l of links) {
    const place = linkPlaceOf(ctx.reposDir, l.repoPath);
    const now = readLinkAt(place, l.name);
    if (now === l.target) continue;
    if (l.target === null) {
      rmSync(join(place.dir, l.name), { force: true });
      continue;
    }
    moveLinkAt(place, l.name, l.target);
    ctx.events.append('link.moved', { name: `${place.prefix}${l.name}`, from: now, to: l.target }, actor);
  }
}
