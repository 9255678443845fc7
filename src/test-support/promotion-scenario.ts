import { Engine } from '../engine/engine.js';
import { repoHashOf } from '../engine/trunk/hashed-path.js';
import { readLink } from '../engine/trunk/links.js';
import { createFixture, type Fixture } from './fixture.js';
import { writePipeline } from './pipeline-fixture.js';
import { trunkOf } from '../engine/trunk/index.js';
import { ciOf } from '../engine/ci/index.js';

/** A small pipeline: `unit` runs on the pool for each consistent hash; `lint` votes from outside (never here). */
export const SCENARIO_PIPELINE = `pool:
  label: local-el9
  max-servers: 2
  min-ready: 2
  launch-retries: 1
  max-ready-age: 3600
jobs:
  - name: unit
    trigger: consistent
    timeout: 30
    argv: [sh, -c, "echo unit-ok on $REPO_PATH"]
  - name: lint
    external: true
promotions:
  - label: tripleo-ci-testing
    candidate_label: consistent
    criteria: [unit, lint]
`;

export interface PromotionScenario {
  fx: Fixture;
  engine: Engine;
  /** What tripleo-ci-testing holds (promoted by hand). */
  held: string;
  /** The newer consistent hash (pkg-a changed): its candidate, `unit` passed, `lint` missing. */
  candidate: string;
}

/** Runs the queued jobs to the end. */
export async function drainJobs(engine: Engine): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await ciOf(engine).tick();
    await ciOf(engine).jobs.idle();
    if (ciOf(engine).store.runsIn('queued').length === 0) return;
  }
  throw new Error('job queue never drained');
}

/** pkg-a and pkg-b built; tripleo-ci-testing holds the first consistent hash; a pkg-a commit makes a candidate. */
export async function promotionScenario(): Promise<PromotionScenario> {
  const fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
  writePipeline(fx.configDir, SCENARIO_PIPELINE);
  const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
  if (!engine.takeLock().ok) throw new Error('trunk is taken');
  const consistent = () => repoHashOf(readLink(engine.paths.reposDir, 'consistent')!);
  await trunkOf(engine).trunk.runPass();
  const held = consistent();
  await drainJobs(engine);
  const promoted = await engine.dispatch({ name: 'promote', args: { hash: held, label: 'tripleo-ci-testing' } }, { name: 'setup', role: 'operator' });
  if (!promoted.ok) throw new Error(promoted.message);
  await fx.commit('pkg-a');
  await trunkOf(engine).trunk.runPass();
  const candidate = consistent();
  await drainJobs(engine);
  return { fx, engine, held, candidate };
}
