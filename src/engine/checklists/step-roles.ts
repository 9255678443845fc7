import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { Actor } from '../area.js';
import { loadYamlFile, locatedError, parseForLocating } from '../config/yaml-file.js';
import { EngineError } from '../errors.js';
import { CHECKLISTS_DIR } from './runbook.js';

export const STEP_ROLES_FILE = 'checklist-roles.yml';

const name = z.string().min(1).max(100);
const schema = z.object({ roles: z.record(name, z.array(name).min(1)).default({}) }).strict();

/** Who may do the steps of a role: role → the people. A role not listed may be done by any operator. */
export type StepRoles = ReadonlyMap<string, readonly string[]>;

/**
 * `config/checklist-roles.yml` (absent: no role is restricted), validated (ConfigError with file, line, field); a
 * role no step of the runbooks has is a typo and refused, naming the roles they use.
 */
export function loadStepRoles(configDir: string, usedRoles: readonly string[]): StepRoles {
  const file = join(resolve(configDir), STEP_ROLES_FILE);
  if (!existsSync(file)) return new Map();
  const roles = loadYamlFile(file, schema).roles;
  for (const role of Object.keys(roles)) {
    if (usedRoles.includes(role)) continue;
    const { doc, lineCounter } = parseForLocating(file);
    throw locatedError(file, doc, lineCounter, ['roles', role], `no step of ${CHECKLISTS_DIR}/*.yml has role ${role}; their roles: ${usedRoles.join(', ')}`);
  }
  return new Map(Object.entries(roles));
}

/** The person behind an actor: `alice@console` and `alice@cli` are alice; an attached operator is its name. */
export const personOf = (actor: Actor) => actor.name.replace(/@(console|cli)$/, '');

/** Refuses (forbidden) an actor who is not among the people of a restricted role. */
export function checkStepRole(roles: StepRoles, role: string, stepId: string, actor: Actor): void {
  const people = roles.get(role);
  if (!people || people.includes(personOf(actor))) return;
  throw new EngineError('forbidden', `step ${stepId} is for role ${role} (${STEP_ROLES_FILE}: ${people.join(', ')}); ${actor.name} is not one of them`);
}
