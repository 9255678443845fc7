import type { Person } from './fast-import.js';

/** Fictional upstream developers who author the demo's commits. */
export const DEVELOPERS: readonly Person[] = [
  { name: 'Ana Souza', email: 'ana.souza@example.org' },
  { name: 'Ravi Kumar', email: 'ravi.kumar@example.org' },
  { name: 'Mei Chen', email: 'mei.chen@example.org' },
  { name: 'Lars Berg', email: 'lars.berg@example.org' },
  { name: 'Fatima Haddad', email: 'fatima.haddad@example.org' },
];

export const PACKAGER_PERSON: Person = { name: 'RDO Trunk Demo', email: 'trunk-ops@example.org' };

export const developer = (n: number): Person => DEVELOPERS[Math.abs(n) % DEVELOPERS.length]!;
