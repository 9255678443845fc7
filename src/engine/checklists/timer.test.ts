import { describe, expect, it } from 'vitest';
import { evaluate } from './condition.js';
import { againstReferences, criticalPath, hoursMinutes, projectedFinish } from './timer.js';

const H = 3_600_000;
const M = 60_000;

describe('the GA timer', () => {
  it('projects the finish along the longest remaining chain, not the sum of every step', () => {
    const steps = [
      { id: 'a', needs: [], minutes: 10, finished: true },
      { id: 'b', needs: ['a'], minutes: 30, finished: false },
      { id: 'c', needs: ['a'], minutes: 60, finished: false },
      { id: 'd', needs: ['b', 'c'], minutes: 15, finished: false },
    ];
    expect(projectedFinish(steps, 0)).toBe(75 * M);
  });

  it('counts only what is left of a running step', () => {
    const steps = [{ id: 'a', needs: [], minutes: 30, finished: false, startedAt: 0 }];
    expect(projectedFinish(steps, 20 * M)).toBe(30 * M);
    expect(projectedFinish(steps, 50 * M)).toBe(50 * M);
  });

  it('walks the critical path back from the step that finishes last, through the need that finishes last', () => {
    const steps = [
      { id: 'a', needs: [], minutes: 10, finished: true },
      { id: 'b', needs: ['a'], minutes: 30, finished: false },
      { id: 'c', needs: ['a'], minutes: 60, finished: false },
      { id: 'd', needs: ['b', 'c'], minutes: 15, finished: false },
      { id: 'e', needs: ['a'], minutes: 5, finished: false },
    ];
    expect(criticalPath(steps, 0)).toEqual(['c', 'd']);
    expect(
      criticalPath(
        steps.map((s) => ({ ...s, finished: true })),
        0,
      ),
    ).toEqual([]);
  });

  it('a milestone not reached yet is compared by its projection', () => {
    const lines = againstReferences({}, 0, { published: 11 * H, 'builds-ci': 1 * H });
    expect(lines.map((l) => l.line)).toEqual([
      'Newton 10 h GA → published repositories: projected 11:00 (behind by 1:00)',
      'Newton 4 h GA → stable tagging: not reached yet',
      'Ocata 2 h GA → stable builds and CI done: projected 1:00 (ahead by 1:00)',
    ]);
  });

  it('compares milestones with Newton and Ocata', () => {
    const lines = againstReferences({ 'builds-ci': 1.5 * H, 'stable-tagged': 5 * H }, 0);
    expect(lines.map((l) => l.line)).toEqual([
      'Newton 10 h GA → published repositories: not reached yet',
      'Newton 4 h GA → stable tagging: took 5:00 (behind by 1:00)',
      'Ocata 2 h GA → stable builds and CI done: took 1:30 (ahead by 0:30)',
    ]);
    expect(lines.map((l) => l.ahead)).toEqual([null, false, true]);
    expect(hoursMinutes(-61 * M)).toBe('-1:01');
  });
});

describe('check conditions over facts', () => {
  it('fills {release}, compares, and says what it read', () => {
    const facts = { 'releases.newton.missing-candidate': 2, 'releases.newton.closure': 'pass' };
    expect(evaluate({ fact: 'releases.{release}.missing-candidate', equals: 0 }, facts, 'newton')).toEqual({
      holds: false,
      why: 'releases.newton.missing-candidate = 2, want 0',
    });
    expect(evaluate({ fact: 'releases.{release}.missing-candidate', 'at-most': 2 }, facts, 'newton').holds).toBe(true);
    expect(evaluate({ fact: 'releases.{release}.closure', equals: 'pass' }, facts, 'newton').holds).toBe(true);
    const absent = evaluate({ fact: 'releases.{release}.gate', equals: null }, facts, 'newton');
    expect(absent).toEqual({ holds: false, why: 'releases.newton.gate = no such fact (yet), want null' });
  });
});
