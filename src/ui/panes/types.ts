import type { ReactElement } from 'react';
import type { Command, CommandName, EngineSnapshot, QueryName } from '../../engine/client/index.js';
import type { Views } from '../../store/console/console-store.js';
import type { Detail } from '../detail.js';
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

/** What rows are made from: the reduced snapshot and the watched views. */
export interface PaneData {
  snapshot: EngineSnapshot;
  views: Views;
}

export interface ListRow<T = unknown> {
  key: string;
  cells: Cell[];
  /** What the pane's actions act on when this row is selected. */
  target: T;
  /** What `y` copies (a repo or commit hash). */
  copy?: string;
  /** Shown under the lists while the row is selected: what the columns have no room for (a commit's subject). */
  describe?: string;
}

/** One selectable, filterable list inside a pane. */
export interface ListSpec<T = unknown> {
  id: string;
  title: string;
  columns: Column[];
  rows(data: PaneData, now: number): ListRow<T>[];
  summary(data: PaneData): string;
  /** Set on a list that follows the selection of the list above it: whether a row belongs to that selected row. */
  follows?(row: T, selectedAbove: T): boolean;
}

/** A list as drawn: rows already filtered, selection resolved. */
export interface ListView<T = unknown> {
  spec: ListSpec<T>;
  rows: ListRow<T>[];
  total: number;
  selected: number;
  filter: string;
  focused: boolean;
}

export interface PaneProps<T = unknown> {
  data: PaneData;
  lists: ListView<T>[];
  width: number;
  height: number;
  /** The clock the rows were computed at. */
  now: number;
}

/** What a pane's action may do, always reading the latest UI state. */
export interface PaneContext<T = unknown> {
  /** The selected row's target in the focused list. */
  selected(): T | undefined;
  /** The data the pane was last drawn from. */
  data(): PaneData | null;
  /**
   * Dispatches through the shell's checks; a dangerous command asks first: `question` names the exact target
   * (never cut), `detail` follows it when it fits (else it is shortened or dropped).
   */
  run(command: Command, question?: string, detail?: string): void;
  /** Like `run`, but asks y/N even when the command itself is not dangerous (a step that runs a dangerous one). */
  confirm(command: Command, question: string, detail?: string): void;
  notify(ok: boolean, text: string): void;
  /** Asks for a line of text on the prompt line (Enter gives it to `submit`, which may refuse it with why; Esc cancels). */
  ask(label: string, submit: (text: string) => string | void): void;
  show(detail: Detail, top: ScrollTop): void;
  /** Switches to a pane (by id). */
  go(paneId: PaneId): void;
}

/** A key of a pane, with what it does beside it. */
export interface PaneAction<T = unknown> {
  id: string;
  /** Key names (see keymap.ts); the first is the one shown in the footer. */
  keys: readonly string[];
  /** Short footer label. */
  label: string;
  description: string;
  /** The engine commands it may dispatch (none for views): a viewer or read-only console hides it by these. */
  commands?: readonly CommandName[];
  footer?: boolean;
  /** While this loop is paused the key does the opposite (`p` resumes): label and description say so. */
  whenPaused?: { loop: string; label: string; description: string };
  /** Works on every pane and view, not only this one (`!` lists the alerts from anywhere). */
  global?: boolean;
  run(ctx: PaneContext<T>): void;
}

/** A word the header shows for a pane's area when it matters (`⚠ 3 alerts`, `replica lag 40s`, `GA 2:14`). */
export interface Badge {
  text: string;
  tone: Tone;
  /** Lower first: the header is cut at the terminal's width, most important first. */
  rank: number;
}

export interface PaneSpec<T = unknown> {
  id: PaneId;
  /** The number key that jumps here (DESIGN.md order). */
  key: string;
  title: string;
  lists: ListSpec<T>[];
  Component: (props: PaneProps<T>) => ReactElement;
  actions: readonly PaneAction<T>[];
  /** Queries the pane draws from (kept fresh by the console store). */
  watch: readonly QueryName[];
  /** What the header says about this pane's area right now (from the same data; nothing when all is well). */
  badges?(data: PaneData, now: number): Badge[];
}

/** Keeps a pane's types together: its rows' targets are what its actions get. */
export function definePane<T>(spec: PaneSpec<T>): PaneSpec<T> {
  return spec;
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function rowMatches(row: ListRow, filter: string): boolean {
  return filter === '' || row.cells.map(cellText).join(' ').toLowerCase().includes(filter.toLowerCase());
}
