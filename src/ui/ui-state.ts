import type { Command } from '../engine/client/index.js';
import type { Detail } from './detail.js';
import { clamp } from './format.js';
import type { ScrollTop } from './scroll.js';
import { rowMatches, type ListRow, type ListSpec, type ListView } from './panes/types.js';

/** What fills the area between header and footer. */
export type View =
  | { kind: 'pane' }
  | { kind: 'detail'; detail: Detail; top: ScrollTop; log?: LogLook }
  | { kind: 'help'; top: ScrollTop }
  | { kind: 'audit'; top: ScrollTop }
  /** The alert on the top line is the one Enter goes to. */
  | { kind: 'alerts'; top: ScrollTop }
  | { kind: 'palette'; line: string; error: string | null; selected?: number };

/** How a log is looked at: scrolled sideways (`left` columns), wrapped, searched. */
export interface LogLook {
  left: number;
  wrap: boolean;
  search: string;
}

export const PLAIN_LOOK: LogLook = { left: 0, wrap: false, search: '' };

export type ScrollingView = Extract<View, { top: ScrollTop }>;

export function isScrolling(view: View): view is ScrollingView {
  return 'top' in view;
}

/** A one-line question or input that takes the keyboard until answered. */
export type Prompt =
  | { kind: 'filter' }
  | { kind: 'search' }
  | { kind: 'confirm'; command: Command; question: string; detail?: string }
  /**
   * A line of text asked for (a step's notes, a skip's reason, an alert's silence); Enter hands it to `submit`,
   * which may refuse it with what is wrong (the prompt stays, saying so). `name` is what a cancel notice names.
   */
  | { kind: 'input'; label: string; value: string; submit: (text: string) => string | void; hint?: string; error?: string; name?: string }
  | null;

export interface ListState {
  /** The selected row's key, so the selection stays on its row as rows arrive. */
  key: string | null;
  index: number;
  filter: string;
}

/** Console state that is not engine state: where the operator is and what they selected. */
export interface UiState {
  pane: string;
  /** Focused list index, per pane. */
  focus: Record<string, number>;
  lists: Record<string, ListState>;
  view: View;
  prompt: Prompt;
}

export function initialUi(pane: string): UiState {
  return { pane, focus: {}, lists: {}, view: { kind: 'pane' }, prompt: null };
}

export function listState(ui: UiState, id: string): ListState {
  return ui.lists[id] ?? { key: null, index: 0, filter: '' };
}

/** The rows of `all` matching `filter`, remembered for the last filter applied to that array of rows. */
const filtered = new WeakMap<ListRow[], { filter: string; rows: ListRow[] }>();
function matching(all: ListRow[], filter: string): ListRow[] {
  if (filter === '') return all;
  const hit = filtered.get(all);
  if (hit?.filter === filter) return hit.rows;
  const rows = all.filter((r) => rowMatches(r, filter));
  filtered.set(all, { filter, rows });
  return rows;
}

export function resolveList(spec: ListSpec, all: ListRow[], state: ListState, focused: boolean): ListView {
  const rows = matching(all, state.filter);
  const byKey = state.key === null ? -1 : rows.findIndex((r) => r.key === state.key);
  const selected = byKey >= 0 ? byKey : clamp(state.index, 0, Math.max(0, rows.length - 1));
  return { spec, rows, total: all.length, selected, filter: state.filter, focused };
}

export function select(ui: UiState, view: ListView, index: number): UiState {
  const i = clamp(index, 0, Math.max(0, view.rows.length - 1));
  const state = listState(ui, view.spec.id);
  return { ...ui, lists: { ...ui.lists, [view.spec.id]: { ...state, index: i, key: view.rows[i]?.key ?? null } } };
}

export function setFilter(ui: UiState, listId: string, filter: string): UiState {
  return { ...ui, lists: { ...ui.lists, [listId]: { ...listState(ui, listId), filter } } };
}
