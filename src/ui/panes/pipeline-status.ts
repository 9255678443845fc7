import type { CandidateReport, JobRunState, NodeState } from '../../engine/client/index.js';
import type { Tone } from '../theme.js';
import type { Cell } from './types.js';

/** Node, job run and candidate states as symbol + word, so none depends on colour. */
const NODE: Record<NodeState, { symbol: string; tone: Tone }> = {
  building: { symbol: '◌', tone: 'busy' },
  ready: { symbol: '✓', tone: 'ok' },
  'in-use': { symbol: '▶', tone: 'busy' },
  used: { symbol: '·', tone: 'muted' },
  deleting: { symbol: '↓', tone: 'muted' },
  failed: { symbol: '✗', tone: 'bad' },
  hold: { symbol: '⏸', tone: 'warn' },
};

const RUN: Record<JobRunState, { symbol: string; tone: Tone }> = {
  queued: { symbol: '·', tone: 'muted' },
  running: { symbol: '▶', tone: 'busy' },
  success: { symbol: '✓', tone: 'ok' },
  failure: { symbol: '✗', tone: 'bad' },
  error: { symbol: '!', tone: 'warn' },
  superseded: { symbol: '⤼', tone: 'muted' },
};

export type CandidateVerdict = 'promotable' | 'blocked' | 'failed' | 'running' | 'waiting';

const VERDICT: Record<CandidateVerdict, { symbol: string; tone: Tone }> = {
  promotable: { symbol: '✓', tone: 'ok' },
  blocked: { symbol: '⊘', tone: 'bad' },
  failed: { symbol: '✗', tone: 'bad' },
  running: { symbol: '▶', tone: 'busy' },
  waiting: { symbol: '·', tone: 'muted' },
};

export function nodeState(state: NodeState): Cell {
  return { text: `${NODE[state].symbol} ${state}`, tone: NODE[state].tone };
}

export function runState(state: JobRunState): Cell {
  return { text: `${RUN[state].symbol} ${state}`, tone: RUN[state].tone };
}

/** Promotable; else blocked (not by votes), a criterion failed, one is still running, or votes are awaited. */
export function candidateVerdict(c: CandidateReport): CandidateVerdict {
  if (c.promotable) return 'promotable';
  if (c.blockers.length > 0) return 'blocked';
  if (c.failed.length > 0) return 'failed';
  if (c.inProgress.length > 0) return 'running';
  return 'waiting';
}

export function verdictCell(c: CandidateReport): Cell {
  const v = candidateVerdict(c);
  return { text: `${VERDICT[v].symbol} ${v}`, tone: VERDICT[v].tone };
}

export function verdictSymbol(v: CandidateVerdict): string {
  return VERDICT[v].symbol;
}

/** `<commit8>_<distro8>` from a repo hash or a hashed repo path. */
export function shortRepoHash(hashOrPath: string | null): string {
  if (!hashOrPath) return '-';
  const leaf = hashOrPath.slice(hashOrPath.lastIndexOf('/') + 1);
  const [commit = '', distro = ''] = leaf.split('_');
  return distro ? `${commit.slice(0, 8)}_${distro.slice(0, 8)}` : commit.slice(0, 8);
}
