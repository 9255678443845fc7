import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { CiRuntime } from '../ci/runtime.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { readLink } from '../trunk/links.js';
import { evaluateTarget, type CandidateReport } from './evaluate.js';
import type { PromotionsRuntime } from './runtime.js';

export interface LabelSummary {
  label: string;
  candidateLabel: string;
  criteria: string[];
  /** The hashed repo the label points at, or null. */
  holds: string | null;
  repoHash: string | null;
  /** When it moved there (its promotion, else the link's mtime). */
  since: number | null;
  /** What `previous-<label>` points at. */
  previous: string | null;
  /** Newest first, cut at what the label holds, with passed/missing jobs and blockers. */
  candidates: CandidateReport[];
}

/** What the Promotions pane draws (refetched on votes, promotions, link moves and promoter passes). */
export interface LabelsView {
  /** The promotion chain in config order. */
  labels: LabelSummary[];
  promoter: { running: boolean; lastPass: { at: number; dryRun: boolean; promoted: { label: string; to: string }[]; aborted: string | null } | null };
}

export function labelsView(p: PromotionsRuntime, ci: CiRuntime, reposDir: string): LabelsView {
  const { store } = ci;
  const last = p.promoter.lastPass;
  return store.db.transaction(() => ({
    labels: p.targets.map((t): LabelSummary => {
      const holds = readLink(reposDir, t.label);
      return {
        label: t.label,
        candidateLabel: t.candidateLabel,
        criteria: [...t.criteria],
        holds,
        repoHash: holds === null ? null : repoHashOf(holds),
        since: holds === null ? null : (store.lastPromotionTo(t.label, holds)?.timestamp ?? linkTime(reposDir, t.label)),
        previous: readLink(reposDir, `previous-${t.label}`),
        candidates: evaluateTarget(store, reposDir, t, holds).candidates,
      };
    }),
    promoter: {
      running: p.promoter.busy,
      lastPass: last && { at: last.at, dryRun: last.dryRun, promoted: last.promoted.map(({ label, to }) => ({ label, to })), aborted: last.aborted },
    },
  }))();
}

function linkTime(reposDir: string, label: string): number | null {
  try {
    return lstatSync(join(reposDir, label)).mtimeMs;
  } catch {
    return null;
  }
}
