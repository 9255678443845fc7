import type { CandidateReport, LabelSummary } from '../../engine/api/engine-client.js';
import type { Handlers } from '../keymap.js';
import { shortRepoHash } from './pipeline-status.js';
import type { PaneContext } from './types.js';

/**
 * The Promotions pane's actions (registered in actions.ts): explain, diff and promote the selected candidate.
 * On a label row they take the label's newest candidate.
 */
export function promotionsHandlers(ctx: PaneContext): Handlers {
  const selected = (): { label: LabelSummary; candidate: CandidateReport | undefined } | undefined => {
    const t = ctx.selected();
    if (t && 'kind' in t && t.kind === 'candidate') return { label: t.label, candidate: t.candidate };
    if (t && 'kind' in t && t.kind === 'label') return { label: t.label, candidate: t.label.candidates[0] };
    return undefined;
  };
  const candidate = () => {
    const s = selected();
    if (s?.candidate) return { label: s.label, candidate: s.candidate };
    ctx.notify(false, s ? `${s.label.label} has no candidates` : 'select a label or a candidate');
    return undefined;
  };
  return {
    'promotions.open': () => {
      const s = candidate();
      if (!s) return;
      const title = `why ${shortRepoHash(s.candidate.repoHash)} → ${s.label.label}`;
      ctx.show({ kind: 'explain', hash: s.candidate.repoHash, label: s.label.label, title }, 0);
    },
    'promotions.diff': () => {
      const s = candidate();
      if (!s) return;
      if (!s.label.repoHash) return ctx.notify(false, `${s.label.label} holds nothing yet: nothing to diff against`);
      const title = `diff ${s.label.label} ${shortRepoHash(s.label.repoHash)} → ${shortRepoHash(s.candidate.repoHash)}`;
      ctx.show({ kind: 'diff', from: s.label.repoHash, to: s.candidate.repoHash, title }, 0);
    },
    'promotions.promote': () => {
      const s = candidate();
      if (!s) return;
      const { label, candidate: c } = s;
      const gaps = [...c.blockers, ...(c.missing.length ? [`missing: ${c.missing.join(', ')}`] : [])];
      const question = `Promote ${shortRepoHash(c.repoHash)} → ${label.label}?`;
      ctx.run({ name: 'promote', args: { hash: c.repoHash, label: label.label } }, question, gaps.length ? gaps.join('; ') : 'all criteria passed');
    },
    'promotions.run': () => ctx.run({ name: 'promoter.run' }),
  };
}
