import type { Actor } from '../area.js';
import type { Engine } from '../engine.js';
import { trunkArea } from '../trunk/index.js';
import { trunkLive } from '../trunk/live-view.js';
import type { EngineSnapshot } from './engine-client.js';

/** The state a console starts from, read in one transaction with the event seq it matches. */
export function takeSnapshot(engine: Engine, identity: Actor): EngineSnapshot {
  return engine.db.transaction(() => ({
    seq: engine.events.lastSeq(),
    identity: { name: identity.name, role: identity.role },
    paused: engine.loops.paused(),
    suspended: engine.loops.suspensions(),
    catalog: engine.catalog(),
    trunk: trunkLive(engine.area(trunkArea), engine.paths.reposDir),
  }))();
}
