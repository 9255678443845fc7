import type { Db } from './db.js';
import type { NewPromotion, PromotionRow } from './pipeline-store.js';

/**
 * Promotions are recorded before their links move (intent first): the row and its intent are written in one
 * transaction, the links move, then the intent is cleared. A pending intent after a crash is finished or undone.
 */
export class PromotionIntents {
  constructor(private readonly db: Db) {}

  /** Inserts the promotions rows and marks each pending, all in one transaction. */
  record(promotions: NewPromotion[]): PromotionRow[] {
    const insert = this.db.prepare(
      `INSERT INTO promotions (commit_hash, distro_hash, extended_hash, repo_path, promote_name, previous_path, aggregate_hash, user, timestamp)
       VALUES (@commit_hash, @distro_hash, @extended_hash, @repo_path, @promote_name, @previous_path, @aggregate_hash, @user, @timestamp)`,
    );
    const mark = this.db.prepare('INSERT INTO promotion_intents (promotion_id) VALUES (?)');
    return this.db.transaction(() =>
      promotions.map((p) => {
        const id = Number(insert.run(p).lastInsertRowid);
        mark.run(id);
        return { ...p, id };
      }),
    )();
  }

  /** The links of these promotions are in place: their aggregate hashes are written and their intents cleared, together. */
  clear(finished: readonly Pick<PromotionRow, 'id' | 'aggregate_hash'>[]): void {
    const setHash = this.db.prepare('UPDATE promotions SET aggregate_hash = ? WHERE id = ?');
    const clear = this.db.prepare('DELETE FROM promotion_intents WHERE promotion_id = ?');
    this.db.transaction(() => {
      for (const p of finished) {
        setHash.run(p.aggregate_hash, p.id);
        clear.run(p.id);
      }
    })();
  }

  /** The promotion never happened: its row goes with its intent. */
  undo(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM promotion_intents WHERE promotion_id = ?').run(id);
      this.db.prepare('DELETE FROM promotions WHERE id = ?').run(id);
    })();
  }

  /** Promotions whose links may not have moved, oldest first. */
  pending(): PromotionRow[] {
    return this.db.prepare('SELECT p.* FROM promotions p JOIN promotion_intents i ON i.promotion_id = p.id ORDER BY p.id').all() as PromotionRow[];
  }

  /** The newest promotion of each label (what its link should point at), for checks. */
  newestPerLabel(): PromotionRow[] {
    return this.db
      .prepare('SELECT * FROM promotions WHERE id IN (SELECT MAX(id) FROM promotions GROUP BY promote_name) ORDER BY promote_name')
      .all() as PromotionRow[];
  }
}
