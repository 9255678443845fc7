import type { PipelineStore } from '../../store/db/pipeline-store.js';
import { repoHashOf } from '../trunk/hashed-path.js';

/** A recorded promotion (DLRN's promotions table, with the repo hashes spelled out). */
export interface PromotionEntry {
  id: number;
  commit_hash: string;
  distro_hash: string;
  extended_hash: string | null;
  repo_path: string;
  repo_hash: string;
  promote_name: string;
  previous_path: string | null;
  previous_hash: string | null;
  aggregate_hash: string | null;
  user: string;
  timestamp: number;
}

export function promotionsList(store: PipelineStore, filter: { label?: string; offset?: number; limit?: number }): PromotionEntry[] {
  return store.promotions({ ...filter, limit: Math.min(filter.limit ?? 100, 100) }).map((p) => ({
    ...p,
    repo_hash: repoHashOf(p.repo_path),
    previous_hash: p.previous_path ? repoHashOf(p.previous_path) : null,
  }));
}
