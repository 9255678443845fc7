import type { Handlers } from '../keymap.js';
import { POOL_PANE } from './pool-pane.js';
import { PROMOTIONS_PANE } from './promotions-pane.js';
import { TRUNK_PANE } from './trunk-pane.js';
import type { PaneContext, PaneSpec } from './types.js';

/**
 * Every pane, in DESIGN.md order, each on its number key: 1 Trunk, 2 CI pool, 3 Promotions, 4 Backups,
 * 5 Status, 6 Maintenance, 7 Checklists. Panes not built yet are simply absent.
 */
export const PANES: readonly PaneSpec[] = [TRUNK_PANE, POOL_PANE, PROMOTIONS_PANE];

export function paneById(id: string): PaneSpec {
  return PANES.find((p) => p.id === id) ?? PANES[0]!;
}

/** Every pane's own handlers (action ids are unique; each action's scope keeps it to its pane). */
export function paneHandlers(ctx: PaneContext): Handlers {
  const all: Handlers = {};
  for (const p of PANES) Object.assign(all, p.handlers?.(ctx));
  return all;
}
