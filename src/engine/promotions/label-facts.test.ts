import { describe, expect, it } from 'vitest';
import type { CandidateReport } from './evaluate.js';
import { labelFacts } from './label-facts.js';
import type { LabelSummary, LabelsView } from './labels-view.js';

function candidate(hash: string, over: Partial<CandidateReport> = {}): CandidateReport {
  return {
    repoHash: hash,
    path: `ab/cd/${hash}`,
    commitHash: hash,
    distroHash: 'd',
    createdAt: 0,
    passed: [],
    missing: [],
    failed: [],
    inProgress: [],
    blockers: [],
    promotable: false,
    ...over,
  };
}

function label(name: string, candidateLabel: string, repoHash: string | null, candidates: CandidateReport[]): LabelSummary {
  return { label: name, candidateLabel, criteria: [], holds: repoHash && `ab/cd/${repoHash}`, repoHash, since: null, previous: null, candidates };
}

const view = (labels: LabelSummary[]): LabelsView => ({ labels, promoter: { running: false, lastPass: null } });

describe('promotion facts for alert rules', () => {
  it('candidates-failing: every open candidate fails (or is blocked) and none still runs; null otherwise', () => {
    const failing = [
      candidate('h2', { missing: ['repoclosure'], failed: ['repoclosure'] }),
      candidate('h3', { missing: ['rpm-sanity'], blockers: ['build FAILED'] }),
    ];
    expect(labelFacts(view([label('ci', 'consistent', 'h1', [...failing, candidate('h1')])]), new Set())['promotions.candidates-failing.ci']).toBe(
      'all 2 candidates fail (repoclosure, build FAILED)',
    );
    const running = [failing[0]!, candidate('h3', { missing: ['rpm-sanity'], inProgress: ['rpm-sanity'] })];
    expect(labelFacts(view([label('ci', 'consistent', 'h1', running)]), new Set())['promotions.candidates-failing.ci']).toBeNull();
    const promotable = [failing[0]!, candidate('h3', { promotable: true })];
    expect(labelFacts(view([label('ci', 'consistent', 'h1', promotable)]), new Set())['promotions.candidates-failing.ci']).toBeNull();
    // Only the hash it holds is no candidate at all: nothing fails.
    expect(labelFacts(view([label('ci', 'consistent', 'h1', [candidate('h1', { failed: ['x'] })])]), new Set())['promotions.candidates-failing.ci']).toBeNull();
  });

  it('holder-stuck: the next label waits on the held hash for a vote with no failure, no run and nothing queued', () => {
    const next = (held: Partial<CandidateReport>) => label('stable', 'ci', null, [candidate('h1', held)]);
    const ci = label('ci', 'consistent', 'h1', []);
    expect(labelFacts(view([ci, next({ missing: ['install-check'] })]), new Set())['promotions.holder-stuck.ci']).toBe(
      'holds h1: no run of install-check for stable',
    );
    expect(labelFacts(view([ci, next({ missing: ['install-check'] })]), new Set(['install-check ab/cd/h1']))['promotions.holder-stuck.ci']).toBeNull();
    expect(labelFacts(view([ci, next({ missing: ['install-check'], inProgress: ['install-check'] })]), new Set())['promotions.holder-stuck.ci']).toBeNull();
    expect(labelFacts(view([ci, next({ missing: ['install-check'], failed: ['install-check'] })]), new Set())['promotions.holder-stuck.ci']).toBeNull();
    expect(labelFacts(view([ci, next({})]), new Set())['promotions.holder-stuck.ci']).toBeNull();
    // A label holding nothing waits on nothing.
    expect(labelFacts(view([label('ci', 'consistent', null, []), next({ missing: ['x'] })]), new Set())['promotions.holder-stuck.ci']).toBeNull();
  });
});
