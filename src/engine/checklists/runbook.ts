import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../config/errors.js';
import { loadYamlFile, locatedError } from '../config/yaml-file.js';
import type { Catalog } from '../catalog.js';
import { runbookSchema, type Runbook } from './runbook-schema.js';

export const CHECKLISTS_DIR = 'checklists';

/** A checklist as loaded: its runbook and the file it came from. */
export interface LoadedRunbook {
  file: string;
  runbook: Runbook;
}

/** Every `checklists/*.yml` of a config directory, validated (ConfigError with file, line, field). */
export function loadRunbooks(configDir: string): LoadedRunbook[] {
  const dir = join(resolve(configDir), CHECKLISTS_DIR);
  if (!existsSync(dir)) return [];
  const loaded = readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => loadRunbook(join(dir, f)));
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const other = seen.get(l.runbook.name);
    if (other) throw locate(l.file, ['name'], `checklist name also used by ${other}`);
    seen.set(l.runbook.name, l.file);
  }
  return loaded;
}

export function loadRunbook(file: string): LoadedRunbook {
  const runbook = loadYamlFile(file, runbookSchema);
  const ids = runbook.steps.map((s) => s.id);
  runbook.steps.forEach((s, i) => {
    if (ids.indexOf(s.id) !== i) throw locate(file, ['steps', i, 'id'], 'duplicate step id');
    s.needs.forEach((n, k) => {
      if (!ids.includes(n)) throw locate(file, ['steps', i, 'needs', k], `names no step of this checklist; steps: ${ids.join(', ')}`);
      if (n === s.id) throw locate(file, ['steps', i, 'needs', k], 'a step cannot need itself');
    });
    const only = (name: 'command' | 'until' | 'check' | 'detail', kind: string) => {
      if (s[name] !== undefined && s.kind !== kind) throw locate(file, ['steps', i, name], `only ${kind} steps have ${name}; this one is ${s.kind}`);
    };
    only('command', 'engine');
    only('until', 'engine');
    only('check', 'check');
    only('detail', 'check');
    if (s['sets-t0'] && s.kind !== 'manual') throw locate(file, ['steps', i, 'sets-t0'], `only a manual step sets T0; this one is ${s.kind}`);
    const t0Before = runbook.steps.slice(0, i).find((o) => o['sets-t0']);
    if (s['sets-t0'] && t0Before) throw locate(file, ['steps', i, 'sets-t0'], `step "${t0Before.id}" sets T0 already`);
    if (s.kind === 'engine' && s.command === undefined) throw locate(file, ['steps', i], `engine step "${s.id}" names no command`);
    if (s.kind === 'check' && s.check === undefined) throw locate(file, ['steps', i], `check step "${s.id}" has no check`);
  });
  const cycle = findStepCycle(runbook.steps);
  if (cycle) throw locate(file, ['steps', ids.indexOf(cycle[0]!), 'needs'], `the steps have a dependency cycle: ${cycle.join(' -> ')}`);
  return { file, runbook };
}

/** A step that, following its needs, comes back to itself; as the path walked. */
export function findStepCycle(steps: readonly { id: string; needs: readonly string[] }[]): string[] | null {
  const needs = new Map(steps.map((s) => [s.id, s.needs]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const n of needs.get(id) ?? []) {
      const c = visit(n);
      if (c) return c;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const s of steps) {
    const c = visit(s.id);
    if (c) return c;
  }
  return null;
}

/** The engine steps naming a command the engine does not have: `step: command` each. */
export function unknownCommands(runbook: Runbook, known: ReadonlySet<string>): string[] {
  return runbook.steps.filter((s) => s.kind === 'engine' && !known.has(s.command!)).map((s) => `${s.id}: ${s.command}`);
}

/**
 * What keeps a runbook from running on this engine: an engine step naming a command the catalog lacks (or one
 * of the checklists' own), an argument that command does not take, or a required one it is not given.
 */
export function catalogProblems(runbook: Runbook, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const s of runbook.steps) {
    if (s.kind !== 'engine') continue;
    const name = s.command!;
    if (name.startsWith('checklist.')) {
      problems.push(`${s.id}: ${name} is a checklist command; a step cannot drive checklists`);
      continue;
    }
    const info = catalog.commands.find((c) => c.name === name);
    if (!info) {
      problems.push(`${s.id}: ${name} is not a command of this engine`);
      continue;
    }
    for (const arg of Object.keys(s.args)) if (!info.args.some((a) => a.name === arg)) problems.push(`${s.id}: ${name} takes no argument ${arg}`);
    for (const a of info.args) if (a.required && s.args[a.name] === undefined) problems.push(`${s.id}: ${name} needs argument ${a.name}`);
  }
  return problems;
}

function locate(file: string, path: (string | number)[], message: string): ConfigError {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  return locatedError(file, doc, lineCounter, path, message);
}
