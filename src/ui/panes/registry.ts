import { BACKUPS_PANE } from './backups/index.js';
import { CHECKLISTS_PANE } from './checklists/index.js';
import { MAINTENANCE_PANE } from './maintenance/index.js';
import { POOL_PANE } from './pool/index.js';
import { PROMOTIONS_PANE } from './promotions/index.js';
import { STATUS_PANE } from './status/index.js';
import { RELEASES_PANE } from './releases/index.js';
import { TRUNK_PANE } from './trunk/index.js';
import type { PaneSpec } from './types.js';

/**
 * Every pane, in DESIGN.md order, each on its number key: 1 Trunk, 2 CI pool, 3 Promotions, 4 Backups,
 * 5 Status, 6 Maintenance, 7 Checklists, 8 Releases. This is the one list of them; a pane not built yet is simply absent.
 */
export const PANES: readonly PaneSpec<any>[] = [
  TRUNK_PANE,
  POOL_PANE,
  PROMOTIONS_PANE,
  BACKUPS_PANE,
  STATUS_PANE,
  MAINTENANCE_PANE,
  CHECKLISTS_PANE,
  RELEASES_PANE,
];

export function paneById(id: string): PaneSpec<any> {
  return PANES.find((p) => p.id === id) ?? PANES[0]!;
}
