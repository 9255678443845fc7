import type { EngineSnapshot } from '../engine/api/engine-client.js';
import { COMMANDS, type CommandName, type Role } from '../engine/commands.js';
import { PANES } from './panes/registry.js';

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
}

function action(id: string, keys: string[], label: string, description: string, scopes: Scope[], extra: Partial<Pick<Action, 'commands' | 'footer' | 'whenPaused'>> = {}): Action {
  return { id, keys, label, description, scopes, commands: extra.commands ?? [], footer: extra.footer ?? false, ...(extra.whenPaused ? { whenPaused: extra.whenPaused } : {}) };
}

/** The one action registry: keys, help and footer are all generated from it. */
export const ACTIONS: readonly Action[] = [
  action('quit', ['q', 'ctrl-c'], 'quit', 'Quit the console', ['global'], { footer: true }),
  action('help', ['?'], 'help', 'Show or hide this help', ['global'], { footer: true }),
  action('palette', [':'], 'cmd', 'Run a command by name (Tab completes; `audit` shows the audit trail)', ['global'], { footer: true }),
  action('pane.next', ['tab'], 'next pane', 'Next pane', ['global']),
  action('pane.prev', ['shift-tab'], 'previous pane', 'Previous pane', ['global']),
  ...PANES.map((p) => action(`pane.${p.id}`, [p.key], p.title, `Go to the ${p.title} pane`, ['global'])),
  action('down', ['j', 'down'], 'down', 'Move down', ['list', 'view']),
  action('up', ['k', 'up'], 'up', 'Move up', ['list', 'view']),
  action('top', ['g', 'home'], 'top', 'Go to the top', ['list', 'view']),
  action('bottom', ['G', 'end'], 'bottom', 'Go to the bottom (a running log follows again)', ['list', 'view']),
  action('page.down', ['pagedown'], 'page down', 'Page down', ['list', 'view']),
  action('page.up', ['pageup'], 'page up', 'Page up', ['list', 'view']),
  action('list.next', ['l', 'right'], 'next list', 'Focus the next list of this pane', ['list']),
  action('list.prev', ['h', 'left'], 'previous list', 'Focus the previous list of this pane', ['list']),
  action('open', ['enter'], 'log', "Open the selected build's log", ['trunk'], { footer: true }),
  action('filter', ['/'], 'filter', 'Filter the rows of the focused list', ['list'], { footer: true }),
  action('filter.clear', ['esc'], 'clear filter', 'Clear the filter', ['list']),
  action('back', ['esc'], 'back', 'Back to the pane', ['view'], { footer: true }),
  action('trunk.recheck', ['r'], 'recheck', "Recheck the selected FAILED build's package", ['trunk'], { commands: ['trunk.recheck'], footer: true }),
  action('trunk.force-rebuild', ['F'], 'rebuild', "Force a rebuild of the selected row's package", ['trunk'], { commands: ['trunk.force-rebuild'], footer: true }),
  action('trunk.pause', ['p'], 'pause', 'Pause or resume the trunk loop', ['trunk'], {
    commands: ['trunk.pause', 'trunk.resume'],
    footer: true,
    whenPaused: { loop: 'trunk', label: 'resume', description: 'Resume the trunk loop (paused now)' },
  }),
  action('trunk.run', ['R'], 'run', 'Run a trunk pass now', ['trunk'], { commands: ['trunk.run'], footer: true }),
  action('pool.open', ['enter'], 'log', "Open the selected job run's log (or the job a node runs)", ['pool'], { footer: true }),
  action('pool.hold', ['H'], 'hold', 'Hold the selected node, or release it when held', ['pool'], { commands: ['pool.hold', 'pool.release'], footer: true }),
  action('pool.delete', ['D'], 'delete', 'Delete the selected node now, even mid-job', ['pool'], { commands: ['pool.delete'], footer: true }),
  action('pool.rerun', ['r'], 're-run', "Run the selected job run's job again on its repo hash", ['pool'], { commands: ['jobs.run'], footer: true }),
  action('promotions.open', ['enter'], 'why', 'Explain why the selected candidate is or is not promotable', ['promotions'], { footer: true }),
  action('promotions.diff', ['d'], 'diff', "Diff packages between the label's hash and the selected candidate", ['promotions'], { footer: true }),
  action('promotions.promote', ['P'], 'promote', 'Promote the selected candidate to its label (shows what is missing)', ['promotions'], { commands: ['promote'], footer: true }),
  action('promotions.run', ['R'], 'run', 'Run a promoter pass now', ['promotions'], { commands: ['promoter.run'], footer: true }),
];

export interface Permissions {
  readOnly: boolean;
  role: Role;
}

export function isDangerous(a: Action): boolean {
  return a.commands.some((c) => COMMANDS[c].dangerous);
}

/** Read-only hides dangerous actions; a viewer sees no action that dispatches. */
export function commandAllowed(name: CommandName, p: Permissions): boolean {
  return p.role !== 'viewer' && !(p.readOnly && COMMANDS[name].dangerous);
}

/** Why `name` may not run here (the palette and the shell say this rather than "unknown command"), or null. */
export function refusal(name: CommandName, p: Permissions): string | null {
  if (p.role === 'viewer') return `${name} is not allowed for a viewer`;
  if (p.readOnly && COMMANDS[name].dangerous) return `${name} is not allowed in a read-only console`;
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
  return PANES.find((p) => a.scopes.includes(p.id))?.title ?? 'Other';
}
