import type { CandidateReport, LabelSummary } from '../../../engine/client/index.js';
import { shortRepoHash } from '../pipeline-status.js';
import type { PaneAction, PaneContext } from '../types.js';
import type { PromotionsTarget } from './rows.js';

/** The selected candidate; on a label row, the label's newest candidate. */
function candidate(ctx: PaneContext<PromotionsTarget>): { label: LabelSummary; candidate: CandidateReport } | undefined {
  const t = ctx.selected();
  const c = t?.kind === 'candidate' ? t.candidate : t?.label.candidates[0];
  if (t && c) return { label: t.label, candidate: c };
  ctx.notify(false, t ? `${t.label.label} has no candidates` : 'select a label or a candidate');
  return undefined;
}

export const PROMOTIONS_ACTIONS: readonly PaneAction<PromotionsTarget>[] = [
  {
    id: 'open',
    keys: ['enter'],
    label: 'why',
    description: 'Explain why the selected candidate is or is not promotable',
    footer: true,
    run: (ctx) => {
      const s = candidate(ctx);
      if (!s) return;
      ctx.show(
        { kind: 'explain', hash: s.candidate.repoHash, label: s.label.label, title: `why ${shortRepoHash(s.candidate.repoHash)} → ${s.label.label}` },
        0,
      );
    },
  },
  {
    id: 'diff',
    keys: ['d'],
    label: 'diff',
    description: "Diff packages between the label's hash and the selected candidate",
    footer: true,
    run: (ctx) => {
      const s = candidate(ctx);
      if (!s) return;
      if (!s.label.repoHash) return ctx.notify(false, `${s.label.label} holds nothing yet: nothing to diff against`);
      const title = `diff ${s.label.label} ${shortRepoHash(s.label.repoHash)} → ${shortRepoHash(s.candidate.repoHash)}`;
      ctx.show({ kind: 'diff', from: s.label.repoHash, to: s.candidate.repoHash, title }, 0);
    },
  },
  {
    id: 'votes',
    keys: ['v'],
    label: 'votes',
    description: 'List every vote on the selected candidate (job, result, when, who)',
    footer: true,
    run: (ctx) => {
      const s = candidate(ctx);
      if (s) ctx.show({ kind: 'votes', hash: s.candidate.repoHash, title: `votes on ${shortRepoHash(s.candidate.repoHash)}` }, 0);
    },
  },
  {
    id: 'promote',
    keys: ['P'],
    label: 'promote',
    description: 'Promote the selected candidate to its label (shows what is missing)',
    commands: ['promote'],
    footer: true,
    run: (ctx) => {
      const s = candidate(ctx);
      if (!s) return;
      const { label, candidate: c } = s;
      const gaps = [...c.blockers, ...(c.missing.length ? [`missing: ${c.missing.join(', ')}`] : [])];
      ctx.run(
        { name: 'promote', args: { hash: c.repoHash, label: label.label } },
        `Promote ${shortRepoHash(c.repoHash)} → ${label.label}?`,
        gaps.length ? gaps.join('; ') : 'all criteria passed',
      );
    },
  },
  {
    id: 'run',
    keys: ['R'],
    label: 'run',
    description: 'Run a promoter pass now',
    commands: ['promoter.run'],
    footer: true,
    run: (ctx) => ctx.run({ name: 'promoter.run' }),
  },
];
