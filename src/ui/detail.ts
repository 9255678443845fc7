/** A detail opened from a pipeline pane row: fetched from the engine when shown, scrolled like a log. */
export type Detail =
  | { kind: 'job-log'; runId: number; title: string }
  | { kind: 'explain'; hash: string; label: string; title: string }
  | { kind: 'diff'; from: string; to: string; title: string };
