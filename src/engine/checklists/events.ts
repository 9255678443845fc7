import type { StepState } from '../../store/db/checklists-store.js';

declare module '../events.js' {
  interface EventPayloads {
    'checklist.started': { runId: number; checklist: string; release: string; t0: number };
    /** A step moved (or a step in progress saw something new: a check's reading). */
    'checklist.step': { runId: number; step: string; state: StepState; result: string | null };
    'checklist.finished': { runId: number; checklist: string; release: string; report: string };
  }
}

export const CHECKLISTS_EVENTS = ['checklist.started', 'checklist.step', 'checklist.finished'] as const;
