import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenLinks, hashedRepos, integrityProblems, promotionDisagreements, repodataProblems } from '../test-support/crash-checks.js';
import { startDaemon, type DaemonProcess } from '../test-support/daemon-process.js';
import { createFixture } from '../test-support/fixture.js';
import { openDb } from '../store/db/db.js';
import { EventLog } from '../store/db/event-log.js';
import { ciOf } from './ci/index.js';
import { Engine } from './engine.js';
import { trunkOf } from './trunk/index.js';

/** `npm run test:faults` runs at least 100 trials; the default run 20. RDO_KILL_TRIALS overrides both. */
const LONG = process.env.RDO_FAULTS === 'long';
const TRIALS = Number(process.env.RDO_KILL_TRIALS ?? (LONG ? 100 : 20));
const PACKAGES = ['pkg-a', 'pkg-b', 'pkg-c'];
/** The moments a trial aims at: a pass starting (fetch, clone), a build, a publication, a job, a promotion. */
const MOMENTS = ['pass.started', 'build.started', 'build.finished', 'repo.published', 'job.started', 'job.finished', 'promotion'] as const;
/** How long a trial waits for its moment before it kills anyway. */
const AIM_MS = LONG ? 10_000 : 2_500;
/** Recovery in this process (and the promotions check after it) every this many trials; the next daemon start recovers in between. */
const RECOVER_EVERY = LONG ? 1 : 2;

/** A pipeline whose job is quick, so one trial's few seconds span builds, publication, job runs and promotions. */
const PIPELINE = `pool:
  label: local
  max-servers: 2
  min-ready: 1
  launch-retries: 1
jobs:
  - name: quick
    trigger: consistent
    node: local
    timeout: 60
    argv: [sh, -c, "sleep 0.2; test -f \${REPO_PATH}/repodata/repomd.xml"]
promotions:
  - label: tripleo-ci-testing
    candidate_label: consistent
    criteria: [quick]
  - label: current-tripleo
    candidate_label: tripleo-ci-testing
    criteria: [quick]
promoter:
  interval: 1
`;

/** A small deterministic generator, so a failing run can be replayed with RDO_KILL_SEED. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

describe('the crash checks see damage', () => {
  it('a link to an incomplete repo, an RPM repodata lists but is gone, a label moved with no promotion recorded', async () => {
    const fx = await createFixture([{ name: 'pkg-a' }]);
    writeFileSync(join(fx.configDir, 'pipeline.yml'), PIPELINE);
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      engine.takeLock();
      await trunkOf(engine).trunk.runPass();
      const reposDir = engine.paths.reposDir;
      const db = ciOf(engine).store.db;
      expect([...brokenLinks(reposDir), ...repodataProblems(reposDir), ...promotionDisagreements(db, reposDir)]).toEqual([]);
      const [repo] = hashedRepos(reposDir);
      symlinkSync(repo!, join(reposDir, 'tripleo-ci-testing'));
      mkdirSync(join(reposDir, 'ff', 'ff', 'half'), { recursive: true });
      symlinkSync('ff/ff/half', join(reposDir, 'broken'));
      const rpm = readdirSync(join(reposDir, repo!)).find((f) => f.endsWith('.noarch.rpm'))!;
      rmSync(join(reposDir, repo!, rpm));
      expect(brokenLinks(reposDir)).toEqual(['repos/broken -> ff/ff/half: not a complete repository']);
      expect(repodataProblems(reposDir)).toEqual([
        `${repo}: repodata lists ${rpm}, which is not there`,
        'ff/ff/half: a hashed repo without repodata/repomd.xml is visible',
      ]);
      expect(promotionDisagreements(db, reposDir)).toEqual([
        'repos/broken was moved but no promotion of it is recorded',
        'repos/tripleo-ci-testing was moved but no promotion of it is recorded',
      ]);
    } finally {
      await engine.close();
    }
  });
});

describe(`kill -9 of the daemon's process tree at random moments (${TRIALS} trials)`, () => {
  let daemon: DaemonProcess | undefined;
  afterAll(async () => {
    await daemon?.kill();
  });

  it('after every kill: links name complete repos, repodata matches the RPMs, the database is intact; recovery makes links and promotions agree; the next pass builds everything', async () => {
    const seed = Number(process.env.RDO_KILL_SEED ?? Date.now() % 100_000);
    const rand = random(seed);
    const fx = await createFixture(
      PACKAGES.map((name) => ({ name })),
      { 'run-interval': 1, workers: 2 },
    );
    writeFileSync(join(fx.configDir, 'pipeline.yml'), PIPELINE);
    const reposDir = join(fx.dataDir, 'repos');
    const dbFile = join(fx.dataDir, 'trunk.db');
    const failures: string[] = [];
    const moments = { killed: 0, midBuild: 0, midJob: 0, afterPublish: 0, afterPromotion: 0, reclones: 0 };
    let seenSeq = 0;
    const aimed = new Map<string, number>();
    const broken = new Set<string>();
    const started = Date.now();

    for (let trial = 1; trial <= TRIALS; trial++) {
      // New work each trial: upstream commits, and now and then a mirror to clone again from scratch.
      for (const pkg of PACKAGES) {
        if (rand() >= 0.6) continue;
        // A broken package is fixed by its next commit (breaking it again would change nothing to commit).
        const kind = broken.has(pkg) ? 'fix' : rand() < 0.1 ? 'break' : 'normal';
        if (kind === 'break') broken.add(pkg);
        else broken.delete(pkg);
        await fx.commit(pkg, kind);
      }
      if (rand() < 0.25 && ++moments.reclones)
        rmSync(join(fx.dataDir, 'sources', PACKAGES[Math.floor(rand() * PACKAGES.length)]!), { recursive: true, force: true });

      // Aim at a moment: wait for the daemon to reach it (an event of that type), then a random bit more.
      const aim = MOMENTS[Math.floor(rand() * MOMENTS.length)]!;
      daemon = await startDaemon(fx.configDir, fx.dataDir);
      const watchDb = openDb(dbFile, { readonly: true });
      const watch = new EventLog(watchDb);
      let cursor = seenSeq;
      let reached = false;
      for (const deadline = Date.now() + AIM_MS; !reached && Date.now() < deadline && daemon.alive();) {
        const events = watch.read(cursor, 10_000);
        cursor = events.at(-1)?.seq ?? cursor;
        reached = events.some((e) => e.type === aim);
        if (!reached) await new Promise((r) => setTimeout(r, 15));
      }
      if (reached) aimed.set(aim, (aimed.get(aim) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, rand() * 400));
      if (!daemon.alive()) failures.push(`trial ${trial}: the daemon died by itself:\n${daemon.stderr().slice(-2000)}`);
      await daemon.kill();
      moments.killed++;
      // Where the kill landed, from what the killed daemon had appended.
      const appended = watch.read(seenSeq, 100_000).filter((e) => e.type !== 'recovery.done' && e.type !== 'commit.queued');
      seenSeq = watch.lastSeq();
      watchDb.close();
      const count = (type: string) => appended.filter((e) => e.type === type).length;
      if (count('build.started') > count('build.finished')) moments.midBuild++;
      if (count('job.started') > count('job.finished')) moments.midJob++;
      if (count('repo.published') > 0) moments.afterPublish++;
      if (count('promotion') > 0) moments.afterPromotion++;
      daemon = undefined;

      // What anyone sees right after the crash, before any recovery.
      const seen = [...brokenLinks(reposDir), ...repodataProblems(reposDir), ...integrityProblems(dbFile)];
      // What recovery (the next start, with the lock) must put in order.
      if (trial % RECOVER_EVERY === 0 || trial === TRIALS) {
        const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
        try {
          expect(engine.takeLock()).toEqual({ ok: true });
          seen.push(...promotionDisagreements(ciOf(engine).store.db, reposDir), ...brokenLinks(reposDir));
        } finally {
          await engine.close();
        }
      }
      for (const s of seen) failures.push(`trial ${trial} (seed ${seed}): ${s}`);
    }

    // The next pass recovers: every package builds its newest commit (a fixed one if the last was broken).
    for (const pkg of PACKAGES) await fx.commit(pkg, 'fix');
    const engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    try {
      expect(engine.takeLock()).toEqual({ ok: true });
      const pass = await trunkOf(engine).trunk.runPass();
      expect(pass.skipped).toEqual([]);
      const statuses = trunkOf(engine).store.packageStatuses();
      expect(statuses.map((s) => [s.package, s.lastBuild?.status, s.skipped])).toEqual(PACKAGES.map((p) => [p, 'SUCCESS', null]));
      failures.push(
        ...brokenLinks(reposDir),
        ...repodataProblems(reposDir),
        ...integrityProblems(dbFile),
        ...promotionDisagreements(ciOf(engine).store.db, reposDir),
      );
    } finally {
      await engine.close();
    }
    console.log(
      `kill -9: ${moments.killed} trials (seed ${seed}), ${failures.length} failures; killed mid-build ${moments.midBuild}, mid-job ${moments.midJob}, ` +
        `after a publication ${moments.afterPublish}, after a promotion ${moments.afterPromotion}; ${moments.reclones} mirrors re-cloned; ` +
        `reached before the kill: ${[...aimed].map(([m, n]) => `${m} ${n}`).join(', ')}; ${hashedRepos(reposDir).length} hashed repos published, ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    expect(failures).toEqual([]);
    expect(moments.killed).toBe(TRIALS);
  }, 1_800_000);
});
