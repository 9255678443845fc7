import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';
import { findCycle, loadPipeline } from './pipeline.js';

const shipped = resolve(import.meta.dirname, '../../../config');

function withPipeline(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-pipeline-'));
  cpSync(shipped, dir, { recursive: true });
  writeFileSync(join(dir, 'pipeline.yml'), edit(readFileSync(join(dir, 'pipeline.yml'), 'utf8')));
  return dir;
}

function errorOf(dir: string): string {
  try {
    loadPipeline(dir);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('pipeline.yml loaded without error');
}

describe('pipeline.yml', () => {
  it('loads the shipped demo chain', () => {
    const p = loadConfig(shipped, '/srv/rdo').pipeline;
    expect(p.pool).toMatchObject({ 'max-servers': 4, 'min-ready': 2, 'launch-retries': 2, label: 'local-el9' });
    expect(p.jobs.map((j) => [j.name, j.trigger, j.node])).toEqual([
      ['repoclosure', 'consistent', 'local-el9'],
      ['rpm-sanity', 'consistent', 'local-el9'],
      ['install-check', 'consistent', 'local-el9'],
    ]);
    expect(p.jobs[1]!.argv).toEqual(['/bin/sh', join(shipped, 'jobs/rpm-sanity.sh')]);
    expect(p.promotions).toEqual([
      { label: 'tripleo-ci-testing', candidateLabel: 'consistent', criteria: ['repoclosure', 'rpm-sanity'], alternatives: {}, aggregate: false },
      { label: 'current-tripleo', candidateLabel: 'tripleo-ci-testing', criteria: ['install-check'], alternatives: {}, aggregate: false },
    ]);
  });

  it('is optional: no file, no pool, no jobs, no promotions', () => {
    const dir = withPipeline((t) => t);
    rmSync(join(dir, 'pipeline.yml'));
    expect(loadPipeline(dir)).toMatchObject({ pool: null, jobs: [], promotions: [] });
  });

  const line = (dir: string, needle: string) => readFileSync(join(dir, 'pipeline.yml'), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  it.each([
    ['a target without criteria', (t: string) => t.replace('    criteria: [install-check]\n', ''), /promotions\[1\]: target "current-tripleo" has no criteria/],
    ['a target without candidate label', (t: string) => t.replace('    candidate_label: consistent\n', ''), /promotions\[0\]: target "tripleo-ci-testing" has no candidate_label/],
    ['a criterion naming no job', (t: string) => t.replace('[repoclosure, rpm-sanity]', '[repoclosure, rpm-sanitty]'), /promotions\[0\]\.criteria\[1\]: names no job of jobs: \(got "rpm-sanitty"\)/],
    ['a cycle in the chain', (t: string) => t.replace('candidate_label: consistent', 'candidate_label: current-tripleo'), /the chain has a cycle: tripleo-ci-testing -> current-tripleo -> tripleo-ci-testing/],
    ['a job without argv or script', (t: string) => t.replace('    script: jobs/rpm-sanity.sh\n', ''), /jobs\[1\]: job "rpm-sanity" has neither argv nor script/],
    ['a bad timeout', (t: string) => t.replace('timeout: 600', 'timeout: -5'), /jobs\[0\]\.timeout: must be at least 1 second \(got -5\)/],
    ['a timeout that is not a number', (t: string) => t.replace('timeout: 600', 'timeout: soon'), /jobs\[0\]\.timeout: .* \(got "soon"\)/],
    ['an unknown argv variable', (t: string) => t.replace('id,${REPO_PATH}', 'id,${REPO_DIR}'), /jobs\[0\]\.argv\[7\]: unknown variable \$\{REPO_DIR\}/],
    ['a missing script', (t: string) => t.replace('jobs/rpm-sanity.sh', 'jobs/nope.sh'), /jobs\[1\]\.script: no such file/],
    ['a trunk link as target', (t: string) => t.replace('label: tripleo-ci-testing', 'label: current'), /promotions\[0\]\.label: current is moved by the trunk/],
    ['a label leaving the repo root', (t: string) => t.replace('label: current-tripleo', 'label: ../escape'), /promotions\[1\]\.label: must match/],
    ['a node label no pool provides', (t: string) => t.replace('    node: local-el9\n    timeout: 900', '    node: gpu\n    timeout: 900'), /jobs\[2\]\.node: no pool provides node label "gpu"/],
    ['a duplicate job', (t: string) => t.replace('name: install-check', 'name: repoclosure'), /jobs\[2\]\.name: duplicate job name/],
    ['an unknown key', (t: string) => t.replace('  min-ready: 2', '  min-redy: 2'), /pool: .*min-redy/],
  ])('rejects %s with file and line', (_what, edit, expected) => {
    const dir = withPipeline(edit);
    const message = errorOf(dir);
    expect(message).toMatch(expected);
    expect(message).toMatch(new RegExp(`^${dir}/pipeline\\.yml:\\d+: `));
  });

  it('points at the line of the offending criterion', () => {
    const dir = withPipeline((t) => t.replace('[install-check]', '\n      - install-chek'));
    expect(errorOf(dir)).toBe(`${dir}/pipeline.yml:${line(dir, 'install-chek')}: promotions[1].criteria[0]: names no job of jobs: (got "install-chek")`);
  });

  it('an aggregate target needs components on: refused with file and line, loaded once trunk.yml turns them on', () => {
    const dir = withPipeline((t) => t.replace('    criteria: [install-check]\n', '    criteria: [install-check]\n    aggregate: true\n'));
    let message = '';
    try {
      loadConfig(dir, '/srv/rdo');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`${dir}/pipeline.yml:${line(dir, 'aggregate: true')}: promotions[1].aggregate: promotes on aggregates, which needs use-components: true in trunk.yml (got true)`);
    writeFileSync(join(dir, 'trunk.yml'), readFileSync(join(dir, 'trunk.yml'), 'utf8').replace('use-components: false', 'use-components: true'));
    expect(loadConfig(dir, '/srv/rdo').pipeline.promotions.map((p) => p.aggregate)).toEqual([false, true]);
  });

  it('finds cycles of any length', () => {
    expect(findCycle([{ label: 'a', candidateLabel: 'consistent' }, { label: 'b', candidateLabel: 'a' }])).toBeNull();
    expect(findCycle([{ label: 'a', candidateLabel: 'c' }, { label: 'b', candidateLabel: 'a' }, { label: 'c', candidateLabel: 'b' }])).toEqual(['a', 'c', 'b', 'a']);
  });
});
