import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../test-support/fixture.js';
import { vote, writePipeline } from '../../test-support/pipeline-fixture.js';
import type { RepoRef } from '../../store/db/pipeline-store.js';
import { Engine } from '../engine.js';
import { EngineError } from '../errors.js';
import { repoHashOf } from '../trunk/hashed-path.js';
import { moveLink, readLink } from '../trunk/links.js';
import { diffRepos } from './diff.js';
import { explainCandidate } from './explain.js';
import { promote } from './promote.js';
import { promoteBatch as promoteBatchIn } from './batch.js';
import { recordVote as recordVoteIn, type VoteInput } from '../ci/votes.js';

import type { PromoteRequest } from './promote.js';

const promoteBatch = (engine: Engine, reqs: PromoteRequest[]) => promoteBatchIn(promotionsOf(engine).promotion, reqs);
const recordVote = (engine: Engine, v: VoteInput) => recordVoteIn(ciOf(engine).store, engine.events, v);
import { resolveRepoHash } from './repo-ref.js';
import { trunkOf } from '../trunk/index.js';
import { ciOf } from '../ci/index.js';
import { promotionsOf } from './index.js';

const PIPELINE = `jobs:
  - { name: a, external: true }
  - { name: b, external: true }
  - { name: b-alt, external: true }
  - { name: c, external: true }
promotions:
  - label: t1
    candidate_label: consistent
    criteria: [a, b]
    alternative_criteria: { b: [b-alt] }
  - label: t2
    candidate_label: t1
    criteria: [c]
`;

type Idx = 0 | 1 | 2 | 3;

describe('the promoter on real published repos', () => {
  let fx: Fixture;
  let engine: Engine;
  /** R[0..2] were consistent when published, oldest first; R[3] is current but not consistent. */
  let R: RepoRef[];
  const link = (name: string) => readLink(engine.paths.reposDir, name);
  const idx = (path: string | null) => (path === null ? null : R.findIndex((r) => r.path === path));
  const votes = (...vs: [Idx, string, boolean][]) => vs.forEach(([i, job, ok], n) => vote(engine.db, R[i]!.commit_hash, R[i]!.distro_hash, job, ok, 1000 + n));
  const hold = (label: string, i: Idx) => {
    moveLink(engine.paths.reposDir, label, R[i]!.path);
    ciOf(engine).store.insertPromotion({
      commit_hash: R[i]!.commit_hash,
      distro_hash: R[i]!.distro_hash,
      extended_hash: null,
      repo_path: R[i]!.path,
      promote_name: label,
      previous_path: null,
      aggregate_hash: null,
      user: 'setup',
      timestamp: 1,
    });
  };

  beforeAll(async () => {
    fx = await createFixture([{ name: 'pkg-a' }, { name: 'pkg-b' }]);
    writePipeline(fx.configDir, PIPELINE);
    engine = Engine.open({ configDir: fx.configDir, dataDir: fx.dataDir });
    engine.takeLock();
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-b', 'break');
    await trunkOf(engine).trunk.runPass();
    await fx.commit('pkg-a');
    await trunkOf(engine).trunk.runPass();
    R = ciOf(engine).store.recentRepos(10).reverse().slice(-4);
    expect(R.map((r) => r.consistent)).toEqual([1, 1, 1, 0]);
  }, 120_000);
  afterAll(() => engine?.close());

  beforeEach(() => {
    engine.db.exec('DELETE FROM votes; DELETE FROM promotions;');
    for (const l of ['t1', 't2', 'previous-t1', 'previous-t2', 'x']) {
      try {
        renameSync(join(engine.paths.reposDir, l), join(engine.paths.tmpDir, `gone-${l}`));
      } catch {
        /* not there */
      }
    }
  });

  it.each<{ name: string; holds?: [string, Idx][]; votes: [Idx, string, boolean][]; t1: Idx | null; t2: Idx | null; moves: number }>([
    { name: 'no votes: nothing moves', votes: [], t1: null, t2: null, moves: 0 },
    {
      name: 'the newest consistent hash with a and b',
      votes: [
        [2, 'a', true],
        [2, 'b', true],
      ],
      t1: 2,
      t2: null,
      moves: 1,
    },
    {
      name: 'the chain moves in one pass when the next criteria are met too',
      votes: [
        [2, 'a', true],
        [2, 'b', true],
        [2, 'c', true],
      ],
      t1: 2,
      t2: 2,
      moves: 2,
    },
    {
      name: 'an older candidate when the newest is not covered',
      votes: [
        [2, 'a', true],
        [1, 'a', true],
        [1, 'b', true],
      ],
      t1: 1,
      t2: null,
      moves: 1,
    },
    {
      name: 'one promotion per target: the newest of two covered',
      holds: [['t1', 0]],
      votes: [
        [1, 'a', true],
        [1, 'b', true],
        [2, 'a', true],
        [2, 'b', true],
      ],
      t1: 2,
      t2: null,
      moves: 1,
    },
    {
      name: 'candidates are cut at the hash the target holds',
      holds: [['t1', 1]],
      votes: [
        [0, 'a', true],
        [0, 'b', true],
      ],
      t1: 1,
      t2: null,
      moves: 0,
    },
    {
      name: 'never the incumbent',
      holds: [['t1', 2]],
      votes: [
        [2, 'a', true],
        [2, 'b', true],
      ],
      t1: 2,
      t2: null,
      moves: 0,
    },
    {
      name: 'a hash that was never consistent is no candidate',
      votes: [
        [3, 'a', true],
        [3, 'b', true],
      ],
      t1: null,
      t2: null,
      moves: 0,
    },
    {
      name: 'an alternative counts for its criterion',
      votes: [
        [2, 'a', true],
        [2, 'b-alt', true],
      ],
      t1: 2,
      t2: null,
      moves: 1,
    },
    {
      name: 'a failed vote does not count',
      votes: [
        [2, 'a', true],
        [2, 'b', false],
      ],
      t1: null,
      t2: null,
      moves: 0,
    },
    {
      name: 't2 takes what t1 held before, newest first',
      holds: [
        ['t1', 0],
        ['t1', 1],
      ],
      votes: [
        [0, 'c', true],
        [1, 'c', true],
      ],
      t1: 1,
      t2: 1,
      moves: 1,
    },
    {
      name: 't2 never moves backwards past what it holds',
      holds: [
        ['t1', 0],
        ['t1', 1],
        ['t2', 1],
      ],
      votes: [[0, 'c', true]],
      t1: 1,
      t2: 1,
      moves: 0,
    },
  ])('$name', ({ holds = [], votes: vs, t1, t2, moves }) => {
    for (const [label, i] of holds) hold(label, i);
    votes(...vs);
    const report = promotionsOf(engine).promoter.runPass({ actor: 'promoter' });
    expect(report.aborted).toBeNull();
    expect([idx(link('t1')), idx(link('t2'))]).toEqual([t1, t2]);
    expect(report.promoted).toHaveLength(moves);
    expect(
      ciOf(engine)
        .store.promotions({})
        .filter((p) => p.user === 'promoter'),
    ).toHaveLength(moves);
  });

  it('the old target becomes previous-<label>; who and when are recorded; the pass is logged as a table', () => {
    hold('t1', 1);
    votes([2, 'a', true], [2, 'b', true]);
    const before = Date.now();
    promotionsOf(engine).promoter.runPass({ actor: 'promoter' });
    expect(idx(link('t1'))).toBe(2);
    expect(idx(link('previous-t1'))).toBe(1);
    const [p] = ciOf(engine).store.promotions({ label: 't1' });
    expect(p).toMatchObject({ repo_path: R[2]!.path, previous_path: R[1]!.path, user: 'promoter', commit_hash: R[2]!.commit_hash });
    expect(p!.timestamp).toBeGreaterThanOrEqual(before);
    const events = engine.events.read(0).filter((e) => e.type === 'promotion');
    expect(events.at(-1)).toMatchObject({ actor: 'promoter', payload: { label: 't1', to: R[2]!.path, from: R[1]!.path } });
    const log = readFileSync(join(engine.paths.logsDir, 'promoter.log'), 'utf8');
    expect(log).toContain(`t1 <- consistent: holds ${repoHashOf(R[1]!.path)}; criteria a, b`);
    expect(log).toMatch(new RegExp(`${repoHashOf(R[2]!.path)}\\s+a,b\\s+-\\s+PROMOTED`));
    expect(log).toMatch(/t2 <- t1: .*\n\s+CANDIDATE\s+PASSED\s+MISSING\n\s+\S+\s+-\s+c\s+waiting/);
  });

  it('--dry-run changes nothing but reports what it would do', () => {
    votes([2, 'a', true], [2, 'b', true]);
    const report = promotionsOf(engine).promoter.runPass({ dryRun: true });
    expect(report.promoted.map((m) => m.label)).toEqual(['t1']);
    expect(link('t1')).toBeNull();
    expect(ciOf(engine).store.promotions({})).toHaveLength(0);
    expect(report.targets[0]!.candidates[0]).toMatchObject({ path: R[2]!.path, passed: ['a', 'b'], missing: [], promotable: true });
  });

  it('aborts the pass when a label moves under it', () => {
    votes([2, 'a', true], [2, 'b', true], [2, 'c', true]);
    const off = engine.events.subscribe((e) => {
      if (e.type === 'promotion' && e.payload.label === 't1') moveLink(engine.paths.reposDir, 't2', R[0]!.path);
    });
    try {
      const report = promotionsOf(engine).promoter.runPass();
      expect(report.aborted).toMatch(/^t2 moved to .* during the pass/);
      expect(report.promoted.map((m) => m.label)).toEqual(['t1']);
      expect(idx(link('t2'))).toBe(0);
    } finally {
      off();
    }
  });

  it('only one promoter runs at a time; the refusal says who holds the lock and since when', async () => {
    writeFileSync(join(fx.dataDir, 'promoter.lock'), String(process.ppid));
    try {
      expect(() => promotionsOf(engine).promoter.runPass()).toThrow(
        new RegExp(`^another promoter pass is running \\(pid ${process.ppid}, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); try again when it ends$`),
      );
      const r = await engine.dispatch({ name: 'promoter.run' }, { name: 'bob', role: 'operator' });
      expect(r).toMatchObject({ ok: false, error: { kind: 'conflict' }, message: expect.stringContaining(`pid ${process.ppid}`) });
    } finally {
      writeFileSync(join(fx.dataDir, 'promoter.lock'), '');
    }
  });

  describe('promote() shared checks', () => {
    const req = (i: Idx, label: string) => ({ commitHash: R[i]!.commit_hash, distroHash: R[i]!.distro_hash, label, actor: 'alice' });
    const kindOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof EngineError) return `${e.kind} ${e.status}: ${e.message}`;
        throw e;
      }
      return 'ok';
    };

    it.each([
      ['current', /^forbidden 403: current is moved by the trunk/],
      ['consistent', /^forbidden 403: /],
      ['../x', /^forbidden 403: label "..\/x" must match/],
      ['a/b', /^forbidden 403: /],
      ['x.tmp', /^forbidden 403: /],
    ])('refuses the label %s', (label, expected) => {
      expect(kindOf(() => promote(promotionsOf(engine).promotion, req(2, label)))).toMatch(expected);
    });

    it('refuses unknown, non-SUCCESS and purged repos with distinct errors; moves the label otherwise', () => {
      const ctx = promotionsOf(engine).promotion;
      expect(kindOf(() => promote(ctx, { ...req(2, 'x'), commitHash: 'f'.repeat(40) }))).toMatch(/^not-found 404: no repo for commit_hash f+/);
      engine.db.prepare("UPDATE builds SET status = 'FAILED' WHERE repo_path = ?").run(R[1]!.path);
      try {
        expect(kindOf(() => promote(ctx, req(1, 'x')))).toMatch(/^bad-request 400: .* is a FAILED build/);
      } finally {
        engine.db.prepare("UPDATE builds SET status = 'SUCCESS' WHERE repo_path = ?").run(R[1]!.path);
      }
      engine.db.prepare('UPDATE repos SET purged_at = 1 WHERE path = ?').run(R[0]!.path);
      try {
        expect(kindOf(() => promote(ctx, req(0, 'x')))).toMatch(/^gone 410: .* was purged/);
      } finally {
        engine.db.prepare('UPDATE repos SET purged_at = NULL WHERE path = ?').run(R[0]!.path);
      }
      const r = promote(ctx, req(3, 'x'));
      expect(r).toMatchObject({ repoHash: repoHashOf(R[3]!.path), repoUrl: `http://127.0.0.1:1/repos/${R[3]!.path}`, previous: null });
      expect(link('x')).toBe(R[3]!.path);
      expect(kindOf(() => promote(ctx, req(3, 'x')))).toMatch(/^conflict 409: x already points at/);
      promote(ctx, req(2, 'x'));
      expect(link('previous-x')).toBe(R[3]!.path);
      expect(existsSync(join(engine.paths.reposDir, 'x', 'repodata', 'repomd.xml'))).toBe(true);
    });

    it('the promote command takes a repo hash or a commit hash and is audited', async () => {
      const r = await engine.dispatch({ name: 'promote', args: { hash: repoHashOf(R[2]!.path), label: 'x' } }, { name: 'bob', role: 'operator' });
      expect(r).toMatchObject({ ok: true, message: `x -> ${repoHashOf(R[2]!.path)}` });
      const r2 = await engine.dispatch({ name: 'promote', args: { hash: R[1]!.commit_hash, label: 'current' } }, { name: 'bob', role: 'operator' });
      expect(r2).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      expect(ciOf(engine).store.promotions({ label: 'x' })[0]!.user).toBe('bob');
      expect(engine.events.read(0).filter((e) => e.type === 'command' && e.payload.name === 'promote')).toHaveLength(2);
    });
  });

  it('promote-batch validates every entry before moving any label', () => {
    const ok = { commitHash: R[2]!.commit_hash, distroHash: R[2]!.distro_hash, label: 'x', actor: 'api' };
    expect(() => promoteBatch(engine, [ok, { ...ok, label: 'current' }])).toThrow(/current is moved by the trunk/);
    expect(link('x')).toBeNull();
    expect(promoteBatch(engine, [ok, { ...ok, label: 't2' }]).map((r) => r.promotion.promote_name)).toEqual(['x', 't2']);
    expect(link('t2')).toBe(R[2]!.path);
    // A name taken by something under repos/ that is not a label is refused before any label moves.
    mkdirSync(join(engine.paths.reposDir, 'not-a-label'));
    const other = { commitHash: R[1]!.commit_hash, distroHash: R[1]!.distro_hash, label: 'y', actor: 'api' };
    expect(() => promoteBatch(engine, [other, { ...other, label: 'not-a-label' }])).toThrow(/not-a-label exists under the repo root and is not a label/);
    expect(link('y')).toBeNull();
  });

  it('finds a repo by the short hash the console shows (<commit8>_<distro8>)', () => {
    const leaf = repoHashOf(R[2]!.path);
    const short = `${leaf.slice(0, 8)}${leaf.slice(leaf.indexOf('_'))}`;
    expect(resolveRepoHash(ciOf(engine).store, short).path).toBe(R[2]!.path);
    expect(() => resolveRepoHash(ciOf(engine).store, `ffffffff${leaf.slice(leaf.indexOf('_'))}`)).toThrow(/no hashed repo matches/);
  });

  it('records votes from outside, refusing half a repo or an unknown one', () => {
    const v = recordVote(engine, { commitHash: R[2]!.commit_hash, distroHash: R[2]!.distro_hash, ciName: 'a', success: true, user: 'ci', url: 'http://ci/1' });
    expect(v).toMatchObject({ ci_name: 'a', ci_vote: 1, ci_in_progress: 0, user: 'ci' });
    expect(
      engine.events
        .read(0, 100_000)
        .filter((e) => e.type === 'vote.recorded')
        .at(-1),
    ).toMatchObject({ actor: 'ci', payload: { ciName: 'a', success: true } });
    expect(() => recordVote(engine, { commitHash: R[2]!.commit_hash, ciName: 'a', success: true, user: 'ci' })).toThrow(/go together/);
    expect(() => recordVote(engine, { commitHash: 'f'.repeat(40), distroHash: 'e'.repeat(40), ciName: 'a', success: true, user: 'ci' })).toThrow(
      expect.objectContaining({ kind: 'not-found' }),
    );
    expect(recordVote(engine, { aggregateHash: 'abc', ciName: 'a', success: false, user: 'ci' }).aggregate_hash).toBe('abc');
  });

  it('explains why a hash is or is not promotable', () => {
    hold('t1', 1);
    votes([2, 'a', true], [2, 'b', false]);
    const ex = (i: Idx, label: string) =>
      explainCandidate(ciOf(engine).store, engine.paths.reposDir, engine.config.pipeline.promotions, {
        commitHash: R[i]!.commit_hash,
        distroHash: R[i]!.distro_hash,
        label,
      });
    expect(ex(2, 't1')).toMatchObject({
      passed: ['a'],
      missing: ['b'],
      failed: ['b'],
      promotable: false,
      manualAllowed: true,
      blockers: ['missing success votes: b'],
      holds: R[1]!.path,
    });
    expect(ex(0, 't1').blockers).toContain('it is older than what t1 holds');
    expect(ex(3, 't1').blockers).toContain('consistent never held it');
    expect(ex(1, 't1').blockers).toContain('t1 already holds it');
    expect(ex(2, 'consistent')).toMatchObject({ manualAllowed: false, promotable: false });
    votes([2, 'b-alt', true]);
    expect(ex(2, 't1')).toMatchObject({ promotable: true, satisfiedBy: { a: 'a', b: 'b-alt' }, blockers: [] });
  });

  it('explain refuses a label that leaves repos/ before reading any link', () => {
    const ex = (label: string) => () =>
      explainCandidate(ciOf(engine).store, engine.paths.reposDir, engine.config.pipeline.promotions, {
        commitHash: R[2]!.commit_hash,
        distroHash: R[2]!.distro_hash,
        label,
      });
    for (const label of ['../../../proc/self/exe', '../../../../../../etc/alternatives/awk', 'ab', 'repodata']) {
      expect(ex(label)).toThrow(expect.objectContaining({ kind: 'bad-request', message: expect.stringMatching(/^label /) }));
    }
  });

  it('diffs the packages and versions between two repos', () => {
    const d = diffRepos(engine.paths.reposDir, R[1]!.path, R[2]!.path);
    expect(d.changed.map((c) => c.package)).toEqual(['pkg-a']);
    expect(d.changed[0]!.to!.commitHash).toBe(R[2]!.commit_hash);
    expect(d.changed[0]!.from!.nvr).toMatch(/^pkg-a-1\.0\.0-/);
    expect(d.unchanged).toBe(1);
    expect(() => diffRepos(engine.paths.reposDir, '../../etc', R[2]!.path)).toThrow(/not a repo path/);
  });
});
