import type { ReactElement } from 'react';
import type { CandidateReport, EngineSnapshot, JobRunSummary, LabelSummary, NodeSummary } from '../../engine/api/engine-client.js';
import type { Command } from '../../engine/commands.js';
import type { Detail } from '../detail.js';
import type { Handlers } from '../keymap.js';
import type { ScrollTop } from '../scroll.js';
import type { Tone } from '../theme.js';

export type PaneId = string;

export interface Column {
  title: string;
  width: number;
  /** Flex columns share what the fixed ones leave (at least `width`). */
  flex?: boolean;
  /** A flex column grows no wider than this. */
  max?: number;
  align?: 'left' | 'right';
}

export type Cell = string | { text: string; tone: Tone };

/** What an action needs to know about a selected Trunk row. */
export interface BuildTarget {
  package: string;
  status: string;
  buildId: number | null;
  commitHash: string | null;
}

/** A selected row of the CI pool or Promotions pane. */
export type PipelineTarget =
  | { kind: 'node'; node: NodeSummary }
  | { kind: 'job-run'; run: JobRunSummary }
  | { kind: 'label'; label: LabelSummary }
  | { kind: 'candidate'; label: LabelSummary; candidate: CandidateReport };

/** What an action needs to know about the selected row. */
export type RowTarget = BuildTarget | PipelineTarget;

export function isBuildTarget(target: RowTarget): target is BuildTarget {
  return !('kind' in target);
}

export interface ListRow {
  key: string;
  cells: Cell[];
  target: RowTarget;
}

/** One selectable, filterable list inside a pane. */
export interface ListSpec {
  id: string;
  title: string;
  columns: Column[];
  rows(snapshot: EngineSnapshot, now: number): ListRow[];
  summary(snapshot: EngineSnapshot): string;
}

/** A list as drawn: rows already filtered, selection resolved. */
export interface ListView {
  spec: ListSpec;
  rows: ListRow[];
  total: number;
  selected: number;
  filter: string;
  focused: boolean;
}

export interface PaneProps {
  snapshot: EngineSnapshot;
  lists: ListView[];
  width: number;
  height: number;
  /** The clock the rows were computed at. */
  now: number;
}

/** What a pane's own key handlers may do, always reading the latest UI state. */
export interface PaneContext {
  /** The selected row of the focused list. */
  selected(): RowTarget | undefined;
  /**
   * Dispatches through the shell's checks; a dangerous command asks first: `question` names the exact target
   * (never cut), `detail` follows it when it fits (else it is shortened or dropped).
   */
  run(command: Command, question?: string, detail?: string): void;
  notify(ok: boolean, text: string): void;
  show(detail: Detail, top: ScrollTop): void;
}

export interface PaneSpec {
  id: PaneId;
  /** The number key that jumps here (DESIGN.md order). */
  key: string;
  title: string;
  lists: ListSpec[];
  Component: (props: PaneProps) => ReactElement;
  /** Handlers for this pane's actions in the registry (actions.ts), by action id. */
  handlers?: (ctx: PaneContext) => Handlers;
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function rowMatches(row: ListRow, filter: string): boolean {
  return filter === '' || row.cells.map(cellText).join(' ').toLowerCase().includes(filter.toLowerCase());
}
