import type { Catalog, CommandName, EngineSnapshot, Role } from '../engine/client/index.js';
import { PANES } from './panes/registry.js';
import type { PaneAction } from './panes/types.js';

/**
 * Where an action works: everywhere, on the focused list of a pane, in a scrolling view (log, help, audit),
 * or only on one pane (its id).
 */
export type Scope = 'global' | 'list' | 'view' | string;

export interface Action {
  id: string;
  /** Key names (see keymap.ts); the first is the one shown in the footer. */
  keys: readonly string[];
  /** Short footer label. */
  label: string;
  description: string;
  scopes: readonly Scope[];
  /** The engine commands it may dispatch (none for navigation). */
  commands: readonly CommandName[];
  footer: boolean;
  /** While this loop is paused the key does the opposite (`p` resumes): label and description say so. */
  whenPaused?: { loop: string; label: string; description: string };
  /** A pane's action carries its handler; the shell's own are in its handler table. */
  run?: PaneAction['run'];
}

function shell<const Id extends string>(id: Id, keys: string[], label: string, description: string, scopes: Scope[], footer = false) {
  return { id, keys, label, description, scopes, commands: [] as readonly CommandName[], footer };
}

/** The shell's own keys: moving around, views, prompts. Their handlers are in app.tsx, one per id. */
const SHELL_ACTIONS = [
  shell('quit', ['q'], 'quit', 'Quit the console', ['global'], true),
  shell('interrupt', ['ctrl-c'], 'interrupt', 'Quit with exit status 130, as an interrupt does', ['global']),
  shell('help', ['?'], 'help', 'Show or hide this help', ['global'], true),
  shell('alerts', ['!'], 'alerts', 'List the alerts with their reasons', ['global'], true),
  shell('alerts.open', ['enter'], 'go to', 'Go to the row the top alert is about', ['alerts'], true),
  {
    ...shell('alerts.silence', ['s'], 'silence', 'Silence (acknowledge) the top alert: a duration and a comment', ['alerts'], true),
    commands: ['silence.add'],
  },
  shell('palette', [':'], 'cmd', 'Run a command by name (Tab completes; `audit` shows the audit trail)', ['global'], true),
  shell('pane.next', ['tab'], 'next pane', 'Next pane', ['global']),
  shell('pane.prev', ['shift-tab'], 'previous pane', 'Previous pane', ['global']),
  shell('down', ['j', 'down'], 'down', 'Move down', ['list', 'view']),
  shell('up', ['k', 'up'], 'up', 'Move up', ['list', 'view']),
  shell('top', ['g', 'home'], 'top', 'Go to the top', ['list', 'view']),
  shell('bottom', ['G', 'end'], 'bottom', 'Go to the bottom (a running log follows again)', ['list', 'view']),
  shell('page.down', ['pagedown'], 'page down', 'Page down', ['list', 'view']),
  shell('page.up', ['pageup'], 'page up', 'Page up', ['list', 'view']),
  shell('list.next', ['l', 'right'], 'next list', 'Focus the next list of this pane', ['list']),
  shell('list.prev', ['h', 'left'], 'previous list', 'Focus the previous list of this pane', ['list']),
  shell('copy', ['y'], 'copy', "Copy the selected row's hash to the clipboard (OSC 52)", ['list']),
  shell('filter', ['/'], 'filter', 'Filter the rows of the focused list', ['list'], true),
  shell('filter.clear', ['esc'], 'clear filter', 'Clear the filter', ['list']),
  shell('back', ['esc'], 'back', 'Back to the pane', ['view'], true),
  shell('log.search', ['/'], 'search', 'Search the log (n next, N previous match)', ['log'], true),
  shell('log.next', ['n'], 'next', 'Next match of the search', ['log']),
  shell('log.prev', ['N'], 'previous', 'Previous match of the search', ['log']),
  shell('log.right', ['right'], 'right', 'Scroll the log sideways (→ right, ← back)', ['log']),
  shell('log.left', ['left'], 'left', 'Scroll the log back to the left', ['log']),
  shell('log.wrap', ['w'], 'wrap', 'Wrap long lines, or scroll them sideways again', ['log'], true),
  shell('why.log', ['enter'], 'job log', 'Open the log of the first missing job that has a run', ['why'], true),
  { ...shell('why.rerun', ['r'], 're-run', 'Run again the first missing job that never ran, was superseded or failed', ['why'], true), commands: ['jobs.run'] },
] as const;

export type ShellActionId = (typeof SHELL_ACTIONS)[number]['id'];

/** The one action registry: the shell's keys, a key per pane, then each pane's own; keys, help and footer come from it. */
export const ACTIONS: readonly Action[] = [
  ...SHELL_ACTIONS.slice(0, 7),
  ...PANES.map((p) => ({
    id: `pane.${p.id}`,
    keys: [p.key],
    label: p.title,
    description: `Go to the ${p.title} pane`,
    scopes: ['global'],
    commands: [],
    footer: false,
  })),
  ...SHELL_ACTIONS.slice(7),
  ...PANES.flatMap((p) =>
    p.actions.map((a): Action => ({
      id: `${p.id}:${a.id}`,
      keys: a.keys,
      label: a.label,
      description: a.description,
      scopes: [p.id],
      commands: a.commands ?? [],
      footer: a.footer ?? false,
      ...(a.whenPaused ? { whenPaused: a.whenPaused } : {}),
      run: a.run as PaneAction['run'],
    })),
  ),
];

export interface Permissions {
  readOnly: boolean;
  role: Role;
  /** What the engine says its commands are (dangerous or not); null until the snapshot arrives. */
  catalog: Catalog | null;
}

export function commandDangerous(name: string, catalog: Catalog | null): boolean {
  // Until the engine has said, every command counts as dangerous: nothing runs unasked.
  return catalog?.commands.find((c) => c.name === name)?.dangerous ?? true;
}

export function isDangerous(a: Action, catalog: Catalog | null): boolean {
  return a.commands.some((c) => commandDangerous(c, catalog));
}

/** A viewer, or a read-only console (as k9s's --readonly), sees no action that dispatches any command. */
export function commandAllowed(_name: string, p: Permissions): boolean {
  return p.role !== 'viewer' && !p.readOnly;
}

/** Why `name` may not run here (the palette and the shell say this rather than "unknown command"), or null. */
export function refusal(name: string, p: Permissions): string | null {
  if (p.role === 'viewer') return `${name} is not allowed for a viewer`;
  if (p.readOnly) return `${name} is not allowed in a read-only console`;
  return null;
}

/** The action as the footer and help show it now: `p` reads `resume` while the trunk loop is paused. */
export function presented(a: Action, snapshot: EngineSnapshot | null): Action {
  if (a.whenPaused && snapshot?.paused.includes(a.whenPaused.loop)) return { ...a, label: a.whenPaused.label, description: a.whenPaused.description };
  return a;
}

export function actionAllowed(a: Action, p: Permissions): boolean {
  return a.commands.every((c) => commandAllowed(c, p));
}

/** The allowed actions that work in any of `scopes`, in registry order. */
export function actionsFor(scopes: readonly Scope[], p: Permissions): Action[] {
  return ACTIONS.filter((a) => actionAllowed(a, p) && a.scopes.some((s) => scopes.includes(s)));
}

/** Help sections: everywhere, moving around, then each pane's own actions. */
export function actionGroup(a: Action): string {
  if (a.scopes.includes('global')) return 'Everywhere';
  if (a.scopes.includes('list') || a.scopes.includes('view')) return 'Lists and views';
  if (a.scopes.includes('log')) return 'Build and job logs';
  if (a.scopes.includes('alerts')) return 'Alert list (!)';
  if (a.scopes.includes('why')) return 'Why view (Enter on a candidate)';
  return PANES.find((p) => a.scopes.includes(p.id))?.title ?? 'Other';
}
