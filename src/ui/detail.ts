/** A detail opened from a pane row: fetched from the engine when shown, scrolled like a log. */
export type Detail =
  | { kind: 'build-log'; buildId: number; title: string }
  | { kind: 'job-log'; runId: number; title: string }
  | { kind: 'explain'; hash: string; label: string; title: string }
  | { kind: 'diff'; from: string; to: string; title: string }
  | { kind: 'votes'; hash: string; title: string }
  | { kind: 'report'; run: number; title: string };
