import type { Key } from 'ink';
import type { Action } from './actions.js';

/** A key as the action registry names it: a printable character or one of these. */
export type SpecialKey = 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'esc' | 'tab' | 'shift-tab' | 'ctrl-c';

const LABELS: Record<SpecialKey, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'shift-tab': 'S-Tab',
  'ctrl-c': 'Ctrl-C',
};

export function keyLabel(name: string): string {
  return (LABELS as Record<string, string>)[name] ?? name;
}

/** Names the key ink reported, or null for keys no action uses. */
export function keyName(input: string, key: Key): string | null {
  if (key.ctrl && input === 'c') return 'ctrl-c';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.ctrl || key.meta || input.length !== 1) return null;
  return input;
}

export type Handlers = Partial<Record<string, () => void>>;

/** The action (among `actions`, with a handler of the shell's or its own) that a key triggers. */
export function actionFor(actions: readonly Action[], handlers: Handlers, input: string, key: Key): Action | undefined {
  const name = keyName(input, key);
  return name === null ? undefined : actions.find((a) => a.keys.includes(name) && (a.run || handlers[a.id]));
}
