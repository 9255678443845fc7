import { describe, expect, it } from 'vitest';
import { cutAt, evaluateCriteria, pickCandidate, verdicts, type VoteLike } from './criteria.js';

let t = 0;
const ok = (job: string): VoteLike => ({ ci_name: job, ci_vote: 1, ci_in_progress: 0, timestamp: ++t });
const ko = (job: string): VoteLike => ({ ci_name: job, ci_vote: 0, ci_in_progress: 0, timestamp: ++t });
const running = (job: string): VoteLike => ({ ci_name: job, ci_vote: 0, ci_in_progress: 1, timestamp: ++t });

const AB = { criteria: ['a', 'b'], alternatives: {} };
const AB_ALT = { criteria: ['a', 'b'], alternatives: { b: ['b2', 'b3'] } };

describe('evaluateCriteria', () => {
  it.each([
    ['no votes', AB, [], { passed: [], missing: ['a', 'b'], failed: [], inProgress: [], covered: false }],
    ['all pass', AB, [ok('a'), ok('b')], { passed: ['a', 'b'], missing: [], covered: true }],
    ['one missing', AB, [ok('a')], { passed: ['a'], missing: ['b'], covered: false }],
    ['one failed', AB, [ok('a'), ko('b')], { missing: ['b'], failed: ['b'], covered: false }],
    ['one still running', AB, [ok('a'), running('b')], { missing: ['b'], inProgress: ['b'], covered: false }],
    ['an in-progress vote after a success keeps the success', AB, [ok('a'), ok('b'), running('b')], { covered: true }],
    ['a failure after a success keeps the success', AB, [ok('a'), ok('b'), ko('b')], { covered: true }],
    ['a success after a failure passes', AB, [ok('a'), ko('b'), ok('b')], { covered: true, failed: [] }],
    ['votes of other jobs do not count', AB, [ok('a'), ok('c')], { missing: ['b'], covered: false }],
    ['an in-progress vote alone is no success', AB, [running('a'), running('b')], { covered: false, inProgress: ['a', 'b'] }],
    ['an alternative counts', AB_ALT, [ok('a'), ok('b3')], { covered: true, satisfiedBy: { a: 'a', b: 'b3' } }],
    ['a failed alternative does not', AB_ALT, [ok('a'), ko('b2')], { covered: false, missing: ['b'] }],
    ['the job itself is preferred over its alternative', AB_ALT, [ok('a'), ok('b2'), ok('b')], { satisfiedBy: { a: 'a', b: 'b' } }],
    [
      'an alternative of another criterion does not count',
      { criteria: ['a', 'b'], alternatives: { a: ['x'] } },
      [ok('x'), ok('b2')],
      { passed: ['a'], missing: ['b'] },
    ],
    ['no criteria never covers', { criteria: [], alternatives: {} }, [ok('a')], { covered: false }],
  ])('%s', (_name, c, votes, expected) => {
    expect(evaluateCriteria(c, votes)).toMatchObject(expected);
  });
});

describe('verdicts', () => {
  it('takes the latest vote by timestamp, not by order', () => {
    const v = verdicts([
      { ci_name: 'a', ci_vote: 1, ci_in_progress: 0, timestamp: 20 },
      { ci_name: 'a', ci_vote: 0, ci_in_progress: 0, timestamp: 10 },
    ]);
    expect(v.get('a')).toEqual({ passed: true, latest: 'success' });
  });
});

describe('pickCandidate', () => {
  const cand = (path: string, votes: VoteLike[], buildStatus = 'SUCCESS', purged = false) => ({ path, votes, buildStatus, purged });
  it.each([
    ['no candidates', [], null, null],
    ['the newest covered candidate wins', [cand('new', [ok('a'), ok('b')]), cand('old', [ok('a'), ok('b')])], null, 'new'],
    ['an older covered one when the newest is not', [cand('new', [ok('a')]), cand('old', [ok('a'), ok('b')])], null, 'old'],
    ['none covered', [cand('new', [ok('a')]), cand('old', [ko('b')])], null, null],
    ['never the incumbent', [cand('held', [ok('a'), ok('b')])], 'held', null],
    ['never a FAILED build', [cand('bad', [ok('a'), ok('b')], 'FAILED'), cand('old', [ok('a'), ok('b')])], null, 'old'],
    ['never a RETRY build', [cand('retry', [ok('a'), ok('b')], 'RETRY')], null, null],
    ['never a purged repo', [cand('gone', [ok('a'), ok('b')], 'SUCCESS', true)], null, null],
  ])('%s', (_name, candidates, holds, chosen) => {
    expect(pickCandidate(candidates, holds, AB).chosen).toBe(chosen);
  });

  it('says why each candidate is blocked', () => {
    const { verdicts: v } = pickCandidate([cand('x', [ok('a')], 'FAILED', true)], 'x', AB);
    expect(v[0]!.blockers).toEqual(['the target already holds it', 'its build is FAILED, not SUCCESS', 'its repo was purged']);
    expect(v[0]!.evaluation.missing).toEqual(['b']);
  });
});

describe('cutAt', () => {
  it.each([
    [['c', 'b', 'a'], null, ['c', 'b', 'a']],
    [['c', 'b', 'a'], 'b', ['c']],
    [['c', 'b', 'a'], 'c', []],
    [['c', 'b', 'a'], 'z', ['c', 'b', 'a']],
  ])('%j cut at %s', (paths, holds, expected) => {
    expect(cutAt(paths, holds)).toEqual(expected);
  });
});
