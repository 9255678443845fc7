import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PromotionIntents } from '../../store/db/promotion-intents-store.js';
import { cli } from '../../test-support/cli.js';
import { createFixture } from '../../test-support/fixture.js';
import { shippedPipeline, writePipeline } from '../../test-support/pipeline-fixture.js';
import { ciOf } from '../ci/index.js';
import { Engine } from '../engine.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { trunkOf } from '../trunk/index.js';
import { readLink } from '../trunk/links.js';

const LABEL = 'tripleo-ci-testing';

describe('a promotion killed between its record and its links (kill -9 at a failpoint, real binary)', () => {
  it('is finished on the next start: links and the promotions table agree, the event is there once', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writePipeline(fx.configDir, shippedPipeline({ 'max-servers': 0, 'min-ready': 0 }));
    const open = () => Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    let engine = open();
    engine.takeLock();
    await trunkOf(engine).trunk.runPass();
    const h1 = readLink(engine.paths.reposDir, 'consistent')!;
    await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    const h2 = readLink(engine.paths.reposDir, 'consistent')!;
    expect(h2).not.toBe(h1);
    await engine.close();
    const reposDir = join(fx.dataDir, 'repos');
    const run = (env: Record<string, string>, ...args: string[]) => cli([...args, '--config', fx.configDir, '--data', fx.dataDir], env);
    const state = () => {
      const e = open();
      const intents = new PromotionIntents(ciOf(e).store.db);
      const out = {
        newest: intents.newestPerLabel().find((p) => p.promote_name === LABEL)?.repo_path,
        pending: intents.pending().length,
        events: e.events.read(0, 100_000).filter((ev) => ev.type === 'promotion').length,
      };
      e.close();
      return { ...out, link: readLink(reposDir, LABEL), previous: readLink(reposDir, `previous-${LABEL}`) };
    };
    const recover = async () => {
      const e = open();
      expect(e.takeLock()).toEqual({ ok: true });
      await e.close();
    };

    expect(await run({}, 'promote', repoHashOf(h1), LABEL)).toMatchObject({ code: 0 });
    expect(state()).toEqual({ newest: h1, pending: 0, events: 1, link: h1, previous: null });

    // Killed after previous-<label> moved, before the label did: recorded, not moved.
    const killed = await run({ RDO_FAILPOINT: 'promotion.previous-moved' }, 'promote', repoHashOf(h2), LABEL);
    expect(killed.code).toBe(-1);
    expect(state()).toEqual({ newest: h2, pending: 1, events: 1, link: h1, previous: h1 });
    await recover();
    expect(state()).toEqual({ newest: h2, pending: 0, events: 2, link: h2, previous: h1 });

    // Killed after the label moved, before its event: the event is appended once, nothing moves twice.
    expect((await run({ RDO_FAILPOINT: 'promotion.linked' }, 'promote', repoHashOf(h1), LABEL)).code).toBe(-1);
    expect(state()).toEqual({ newest: h1, pending: 1, events: 2, link: h1, previous: h2 });
    await recover();
    expect(state()).toEqual({ newest: h1, pending: 0, events: 3, link: h1, previous: h2 });
    await recover();
    expect(state()).toEqual({ newest: h1, pending: 0, events: 3, link: h1, previous: h2 });
  }, 90_000);
});
