import type { ReactElement } from 'react';
import type { EngineSnapshot } from '../../engine/api/engine-client.js';
import type { Tone } from '../theme.js';

export type PaneId = string;

export interface Column {
  title: string;
  width: number;
  /** Flex columns share what the fixed ones leave (at least `width`). */
  flex?: boolean;
  align?: 'left' | 'right';
}

export type Cell = string | { text: string; tone: Tone };

/** What an action needs to know about the selected row. */
export interface RowTarget {
  package: string;
  status: string;
  buildId: number | null;
  commitHash: string | null;
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
}

export interface PaneSpec {
  id: PaneId;
  /** The number key that jumps here (DESIGN.md order). */
  key: string;
  title: string;
  lists: ListSpec[];
  Component: (props: PaneProps) => ReactElement;
}

export function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

export function rowMatches(row: ListRow, filter: string): boolean {
  return filter === '' || row.cells.map(cellText).join(' ').toLowerCase().includes(filter.toLowerCase());
}
