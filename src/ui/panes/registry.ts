import { TRUNK_PANE } from './trunk-pane.js';
import type { PaneSpec } from './types.js';

/**
 * Every pane, in DESIGN.md order, each on its number key: 1 Trunk, 2 CI pool, 3 Promotions, 4 Backups,
 * 5 Status, 6 Maintenance, 7 Checklists. Panes not built yet are simply absent.
 */
export const PANES: readonly PaneSpec[] = [TRUNK_PANE];

export function paneById(id: string): PaneSpec {
  return PANES.find((p) => p.id === id) ?? PANES[0]!;
}
