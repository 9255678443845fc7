import { describe, expect, it } from 'vitest';
import { runTimer } from './run-timer.js';
import type { RunView, StepView } from './view.js';

const M = 60_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');

function step(id: string, extra: Partial<StepView>): StepView {
  return {
    id,
    title: id,
    kind: 'manual',
    role: 'release-manager',
    minutes: 30,
    critical: true,
    milestone: null,
    setsT0: false,
    needs: [],
    command: null,
    args: {},
    state: 'pending',
    status: 'pending',
    why: null,
    actor: null,
    readyAt: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    result: null,
    notes: null,
    output: null,
    attempts: 0,
    ...extra,
  };
}

const run = (steps: StepView[], extra: Partial<RunView> = {}): RunView => ({
  id: 1,
  checklist: 'ga-day',
  title: 'GA day',
  release: 'newton',
  t0: T0,
  t0Entered: true,
  t0Step: null,
  startedAt: T0,
  startedBy: 'alice',
  finishedAt: null,
  state: 'active',
  reportPath: null,
  abortedReason: null,
  steps,
  ...extra,
});

describe('the timer of a run', () => {
  it('elapsed from T0, the finish projected along what is left, milestones reached or projected', () => {
    const steps = [
      step('build', { state: 'done', status: 'done', finishedAt: T0 + 50 * M, milestone: 'builds-ci' }),
      step('tag', { needs: ['build'], state: 'running', status: 'running', startedAt: T0 + 50 * M, minutes: 30, milestone: 'stable-tagged' }),
      step('publish', { needs: ['tag'], minutes: 60, milestone: 'published' }),
    ];
    const t = runTimer(run(steps), T0 + 60 * M);
    expect(t.elapsedMs).toBe(60 * M);
    // tag has 20 of its 30 minutes left, then publish 60.
    expect(t.projectedFinishAt).toBe(T0 + 140 * M);
    expect(t.criticalPath).toEqual(['tag', 'publish']);
    expect(t.summary).toBe('elapsed 1:00 · projected finish 2:20 after T0 (1:20 to go)');
    expect(t.lines.map((l) => l.line)).toEqual([
      'Newton 10 h GA → published repositories: projected 2:20 (ahead by 7:40)',
      'Newton 4 h GA → stable tagging: projected 1:20 (ahead by 2:40)',
      'Ocata 2 h GA → stable builds and CI done: took 0:50 (ahead by 1:10)',
    ]);
  });

  it('a finished run stops the clock at its end; a clock behind T0 reads no negative time', () => {
    const done = runTimer(
      run([step('a', { state: 'done', status: 'done', finishedAt: T0 + 90 * M })], { state: 'done', finishedAt: T0 + 90 * M }),
      T0 + 500 * M,
    );
    expect([done.elapsedMs, done.summary, done.criticalPath]).toEqual([90 * M, 'finished 1:30 after T0', []]);
    expect(runTimer(run([step('a', {})]), T0 - 5000).elapsedMs).toBe(0);
  });
});
