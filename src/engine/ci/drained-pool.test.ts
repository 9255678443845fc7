import { describe, expect, it } from 'vitest';
import { createFixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { Engine } from '../engine.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { trunkOf } from '../trunk/index.js';
import { readLink } from '../trunk/links.js';
import { ciOf } from './index.js';

describe('a drained pool (max-servers: 0)', () => {
  it('is valid config; it launches nothing, declines the queued runs with a reason, and refuses re-runs', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 0, 'min-ready': 0 }));
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(engine.takeLock()).toEqual({ ok: true });
      await trunkOf(engine).trunk.runPass();
      const ci = ciOf(engine);
      expect(
        ci.store
          .runsIn('queued')
          .map((r) => r.job)
          .sort(),
      ).toEqual(['install-check', 'repoclosure', 'rpm-sanity']);
      await ci.tick();
      expect(ci.store.nodes()).toEqual([]);
      expect(ci.store.runsIn('queued')).toEqual([]);
      const declined = ci.store.runsIn('error');
      expect(declined).toHaveLength(3);
      expect(declined.every((r) => r.error === 'declined: the pool is drained (max-servers: 0)')).toBe(true);
      expect(engine.events.read(0, 10_000).filter((e) => e.type === 'job.finished' && e.payload.state === 'error')).toHaveLength(3);
      const hash = repoHashOf(readLink(engine.paths.reposDir, 'consistent')!);
      const again = await engine.dispatch({ name: 'jobs.run', args: { job: 'repoclosure', hash } }, { name: 'op', role: 'operator' });
      expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' }, message: expect.stringMatching(/drained \(max-servers: 0\)/) });
      expect(engine.facts()).toMatchObject({ 'ci.pool-drained': true, 'ci.launch-failures': 0 });
    } finally {
      await engine.close();
    }
  });
});
