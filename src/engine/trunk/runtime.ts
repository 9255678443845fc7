import { join } from 'node:path';
import { TrunkStore } from '../../store/db/trunk-store.js';
import type { EngineCore } from '../area.js';
import { LogFileNotifier } from './notifier.js';
import { RpmbuildDriver } from './rpmbuild-driver.js';
import { Trunk } from './trunk.js';

/** What the trunk area keeps while the engine is open. */
export interface TrunkRuntime {
  store: TrunkStore;
  trunk: Trunk;
}

export function openTrunk(engine: EngineCore): TrunkRuntime {
  const store = new TrunkStore(engine.db);
  // A follower's packages are its primary's.
  if (engine.follower === null) store.syncPackages(engine.config.packages);
  const notifier = new LogFileNotifier(join(engine.paths.logsDir, 'notifications.log'));
  return { store, trunk: new Trunk(engine.config, engine.paths, store, engine.events, new RpmbuildDriver(), notifier) };
}
