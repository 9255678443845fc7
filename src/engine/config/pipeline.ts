import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isInside } from '../inside-dir.js';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { labelNameProblem, SYSTEM_LINKS } from '../trunk/links.js';
import type { ConfigError } from './errors.js';
import { JOB_ENV_NAMES, pipelineSchema, type PipelineFile, type PoolSettings } from './pipeline-schema.js';
import { loadYamlFile, locatedError } from './yaml-file.js';

export const PIPELINE_FILE = 'pipeline.yml';

export interface JobConfig {
  name: string;
  /** The program and its arguments; `${VAR}` items are filled from the job's environment. Empty for external jobs. */
  argv: string[];
  external: boolean;
  timeoutSec: number;
  trigger: string | null;
  node: string | null;
}

export interface PromotionTarget {
  label: string;
  candidateLabel: string;
  criteria: string[];
  alternatives: Record<string, string[]>;
  /** Promoted on aggregate votes, every component at once (components on). */
  aggregate: boolean;
}

export interface PipelineConfig {
  /** Null when no pool is configured: no job runs. */
  pool: PoolSettings | null;
  jobs: JobConfig[];
  /** The chain, in the order the promoter visits it. */
  promotions: PromotionTarget[];
  promoter: { intervalSec: number };
  /** Release name → the jobs that gate its mass-tag. */
  releaseGates: Record<string, string[]>;
}

export const EMPTY_PIPELINE: PipelineConfig = { pool: null, jobs: [], promotions: [], promoter: { intervalSec: 60 }, releaseGates: {} };

/** Loads `pipeline.yml` from a config directory; a missing file means no pool, no jobs, no promotions. */
export function loadPipeline(configDir: string): PipelineConfig {
  const file = join(resolve(configDir), PIPELINE_FILE);
  if (!existsSync(file)) return EMPTY_PIPELINE;
  const raw = loadYamlFile(file, pipelineSchema);
  const fail = locator(file);
  return {
    pool: raw.pool ?? null,
    jobs: raw.jobs.map((j, i) => checkJob(raw, i, configDir, fail)),
    promotions: checkChain(raw, fail),
    promoter: { intervalSec: raw.promoter.interval },
    releaseGates: checkReleaseGates(raw, fail),
  };
}

function checkReleaseGates(raw: PipelineFile, fail: Fail): Record<string, string[]> {
  const jobs = new Set(raw.jobs.map((j) => j.name));
  for (const [release, r] of Object.entries(raw.releases)) {
    r.gate.forEach((g, k) => {
      if (!jobs.has(g)) throw fail(['releases', release, 'gate', k], 'names no job of jobs:');
    });
  }
  return Object.fromEntries(Object.entries(raw.releases).map(([release, r]) => [release, r.gate]));
}

type Fail = (path: (string | number)[], message: string) => ConfigError;

function checkJob(raw: PipelineFile, i: number, configDir: string, fail: Fail): JobConfig {
  const j = raw.jobs[i]!;
  if (raw.jobs.findIndex((o) => o.name === j.name) !== i) throw fail(['jobs', i, 'name'], 'duplicate job name');
  if (j.argv && j.script) throw fail(['jobs', i], `job "${j.name}" has both argv and script; give one`);
  if (!j.external && !j.argv && !j.script) throw fail(['jobs', i], `job "${j.name}" has neither argv nor script (or mark it external: true)`);
  if (j.external && (j.argv || j.script)) throw fail(['jobs', i], `external job "${j.name}" must not have argv or script`);
  let argv = j.argv ?? [];
  if (j.script) {
    const script = resolve(configDir, j.script);
    if (!isInside(configDir, script)) throw fail(['jobs', i, 'script'], 'must be a file inside the config directory');
    if (!existsSync(script)) throw fail(['jobs', i, 'script'], `no such file ${script}`);
    if (!isInside(realpathSync(configDir), realpathSync(script))) throw fail(['jobs', i, 'script'], 'is a link to a file outside the config directory');
    argv = ['/bin/sh', script];
  }
  argv.forEach((arg, k) => {
    for (const m of arg.matchAll(/\$\{([^}]*)\}/g)) {
      if (!(JOB_ENV_NAMES as readonly string[]).includes(m[1]!)) throw fail(['jobs', i, 'argv', k], `unknown variable \${${m[1]}}; known: ${JOB_ENV_NAMES.join(' ')}`);
    }
  });
  if (j.trigger) {
    const problem = labelNameProblem(j.trigger);
    if (problem) throw fail(['jobs', i, 'trigger'], problem);
  }
  if (!j.external && raw.pool && j.node && j.node !== raw.pool.label) throw fail(['jobs', i, 'node'], `no pool provides node label "${j.node}" (pool label is "${raw.pool.label}")`);
  return { name: j.name, argv, external: j.external, timeoutSec: j.timeout, trigger: j.trigger ?? null, node: j.node ?? raw.pool?.label ?? null };
}

function checkChain(raw: PipelineFile, fail: Fail): PromotionTarget[] {
  const jobs = new Set(raw.jobs.map((j) => j.name));
  const targets = raw.promotions.map((p, i): PromotionTarget => {
    if (raw.promotions.findIndex((o) => o.label === p.label) !== i) throw fail(['promotions', i, 'label'], 'duplicate target label');
    if ((SYSTEM_LINKS as readonly string[]).includes(p.label)) throw fail(['promotions', i, 'label'], `${p.label} is moved by the trunk, not promoted`);
    const problem = labelNameProblem(p.label);
    if (problem) throw fail(['promotions', i, 'label'], problem);
    if (!p.candidate_label) throw fail(['promotions', i], `target "${p.label}" has no candidate_label`);
    if (p.candidate_label === p.label) throw fail(['promotions', i, 'candidate_label'], 'a label cannot be its own candidate');
    if (!p.criteria || p.criteria.length === 0) throw fail(['promotions', i], `target "${p.label}" has no criteria`);
    p.criteria.forEach((c, k) => {
      if (!jobs.has(c)) throw fail(['promotions', i, 'criteria', k], 'names no job of jobs:');
    });
    for (const [criterion, alts] of Object.entries(p.alternative_criteria)) {
      if (!p.criteria.includes(criterion)) throw fail(['promotions', i, 'alternative_criteria', criterion], `"${criterion}" is not one of the criteria`);
      alts.forEach((a, k) => {
        if (!jobs.has(a)) throw fail(['promotions', i, 'alternative_criteria', criterion, k], 'names no job of jobs:');
      });
    }
    return { label: p.label, candidateLabel: p.candidate_label, criteria: p.criteria, alternatives: p.alternative_criteria, aggregate: p.aggregate };
  });
  const cycle = findCycle(targets);
  if (cycle) throw fail(['promotions', targets.findIndex((t) => t.label === cycle[0])], `the chain has a cycle: ${cycle.join(' -> ')}`);
  return targets;
}

/** A label that, following candidate_label, comes back to itself; as the path walked. */
export function findCycle(targets: readonly { label: string; candidateLabel: string }[]): string[] | null {
  const candidateOf = new Map(targets.map((t) => [t.label, t.candidateLabel]));
  for (const start of candidateOf.keys()) {
    const path = [start];
    for (let next = candidateOf.get(start); next !== undefined; next = candidateOf.get(next)) {
      path.push(next);
      if (next === start) return path;
      if (path.length > candidateOf.size + 1) break;
    }
  }
  return null;
}

function locator(file: string): Fail {
  return (path, message) => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    return locatedError(file, doc, lineCounter, path, message);
  };
}
