import type { AreaDef } from './area.js';
import { alertsArea } from './alerts/index.js';
import { backupsArea } from './backups/index.js';
import { checklistsArea } from './checklists/index.js';
import { ciArea } from './ci/index.js';
import { coreArea } from './core/index.js';
import { maintenanceArea } from './maintenance/index.js';
import { promotionsArea } from './promotions/index.js';
import { statusArea } from './status/index.js';
import { releasesArea } from './releases/index.js';
import { replicaArea } from './replica/index.js';
import { trunkArea } from './trunk/index.js';

/**
 * Every area of the engine, in the order they open (an area may use those before it) and their migrations
 * apply. This is the one place that lists them.
 */
// replica opens right after core: on a replica it marks the engine a follower before any area writes at open.
export const AREAS = [
  coreArea,
  replicaArea,
  trunkArea,
  ciArea,
  promotionsArea,
  backupsArea,
  maintenanceArea,
  statusArea,
  releasesArea,
  checklistsArea,
  alertsArea,
] as const satisfies readonly AreaDef<any>[];

export type AnyArea = (typeof AREAS)[number];
