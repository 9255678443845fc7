import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { findStepCycle, loadRunbooks, unknownCommands } from './runbook.js';

const SHIPPED = resolve(import.meta.dirname, '..', '..', '..', 'config');

function configWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rdo-checklists-'));
  mkdirSync(join(dir, 'checklists'));
  writeFileSync(join(dir, 'checklists', 'test.yml'), yaml);
  return dir;
}

function errorOf(yaml: string): ConfigError {
  try {
    loadRunbooks(configWith(yaml));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loaded without an error');
}

const HEAD = 'name: t\ntitle: T\nsteps:\n';

describe('runbooks as data', () => {
  it('loads the shipped branching and GA-day checklists in order with their steps', () => {
    const loaded = loadRunbooks(SHIPPED).map((l) => l.runbook);
    expect(loaded.map((r) => r.name)).toEqual(['branching', 'ga-day']);
    const ga = loaded[1]!;
    expect(ga.steps[0]).toMatchObject({ id: 'announce', kind: 'manual', critical: true, needs: [], 'sets-t0': true });
    expect(ga.steps.find((s) => s.id === 'ga-builds')).toMatchObject({ kind: 'check', check: { fact: 'releases.{release}.missing-candidate', equals: 0 } });
    expect(ga.steps.find((s) => s.id === 'publish')).toMatchObject({ kind: 'engine', command: 'release.publish', milestone: 'published' });
  });

  it('refuses an unknown field, naming file, line and field', () => {
    const e = errorOf(`${HEAD}  - id: a\n    title: A\n    kind: manual\n    minutes: 1\n    colour: red\n`);
    expect(e.file).toMatch(/test\.yml$/);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/steps\[0\].*colour|Unrecognized key.*colour/);
  });

  it('refuses a dependency on an unknown step id, on its line', () => {
    const e = errorOf(`${HEAD}  - id: a\n    title: A\n    kind: manual\n    minutes: 1\n    needs: [nope]\n`);
    expect(e.field).toBe('steps[0].needs[0]');
    expect(e.line).toBe(8);
    expect(e.message).toContain('"nope"');
  });

  it('refuses a dependency cycle and names it', () => {
    const step = (id: string, need: string) => `  - id: ${id}\n    title: ${id}\n    kind: manual\n    minutes: 1\n    needs: [${need}]\n`;
    const e = errorOf(HEAD + step('a', 'c') + step('b', 'a') + step('c', 'b'));
    expect(e.message).toContain('dependency cycle: a -> c -> b -> a');
    expect(e.field).toBe('steps[0].needs');
  });

  it('refuses an engine step without a command and a check field on a manual step', () => {
    expect(errorOf(`${HEAD}  - id: a\n    title: A\n    kind: engine\n    minutes: 1\n`).message).toContain('engine step "a" names no command');
    const e = errorOf(`${HEAD}  - id: a\n    title: A\n    kind: manual\n    minutes: 1\n    check: { fact: x, equals: 1 }\n`);
    expect(e.message).toContain('only check steps have check');
  });

  it('lets one manual step set T0, on its line otherwise', () => {
    const step = (id: string, kind: string) => `  - id: ${id}\n    title: ${id}\n    kind: ${kind}\n    minutes: 1\n    sets-t0: true\n`;
    const check = errorOf(HEAD + step('a', 'check').replace('sets-t0', 'check: { fact: x, equals: 1 }\n    sets-t0'));
    expect(check).toMatchObject({ field: 'steps[0].sets-t0', line: 9 });
    expect(check.message).toContain('only a manual step sets T0; this one is check');
    const twice = errorOf(HEAD + step('a', 'manual') + step('b', 'manual'));
    expect(twice).toMatchObject({ field: 'steps[1].sets-t0', line: 13 });
    expect(twice.message).toContain('step "a" sets T0 already');
  });

  it('refuses a condition with no or two comparisons', () => {
    const e = errorOf(`${HEAD}  - id: a\n    title: A\n    kind: check\n    minutes: 1\n    check: { fact: x, equals: 1, at-most: 2 }\n`);
    expect(e.message).toContain('exactly one of equals, at-most, at-least');
  });

  it('names the engine steps whose command the engine does not have', () => {
    const ga = loadRunbooks(SHIPPED)[1]!.runbook;
    const missing = unknownCommands(ga, new Set(['release.build', 'release.compose', 'release.gate', 'release.sign', 'release.publish']));
    expect(missing).toEqual(['testing: tag.add', 'mass-tag: release.mass-tag']);
  });

  it('finds no cycle in a diamond', () => {
    expect(
      findStepCycle([
        { id: 'a', needs: [] },
        { id: 'b', needs: ['a'] },
        { id: 'c', needs: ['a'] },
        { id: 'd', needs: ['b', 'c'] },
      ]),
    ).toBeNull();
  });
});
