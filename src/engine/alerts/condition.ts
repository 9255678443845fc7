import type { Facts } from '../area.js';

type Scalar = string | number | boolean;

/** How a fact's value is compared: exactly one of these per rule. */
export type Comparator =
  | { op: 'equals' | 'not-equals'; value: Scalar }
  | { op: 'in' | 'not-in'; value: Scalar[] }
  | { op: 'above' | 'below' | 'at-least' | 'at-most'; value: number }
  | { op: 'exists' };

export interface Condition {
  /** A fact name, or a pattern whose `{name}` parts match any text and become labels: `trunk.package-failing.{package}`. */
  fact: string;
  comparator: Comparator;
  /** A numeric bound per value of the pattern's first capture (a label's own age), instead of the comparator's. */
  thresholds: Record<string, number>;
}

/** One fact for which a condition holds now. */
export interface Match {
  fact: string;
  value: Scalar;
  /** The pattern's captures. */
  labels: Record<string, string>;
  /** What was read and what was wanted: `trunk.queue-length = 12, want > 10`. */
  why: string;
}

const CAPTURE = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** The capture names of a fact pattern, in order. */
export function capturesOf(pattern: string): string[] {
  return [...pattern.matchAll(CAPTURE)].map((m) => m[1]!);
}

function patternRegex(pattern: string): RegExp {
  const parts = pattern.split(CAPTURE);
  // split keeps the capture names at odd indexes.
  const source = parts.map((p, i) => (i % 2 === 1 ? '(.+?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`);
}

const compiled = new Map<string, RegExp>();

const WORDS: Record<Comparator['op'], string> = {
  equals: '=',
  'not-equals': '≠',
  in: 'one of',
  'not-in': 'none of',
  above: '>',
  below: '<',
  'at-least': '≥',
  'at-most': '≤',
  exists: 'a value',
};

function holds(c: Comparator, value: Scalar, bound: number | undefined): boolean {
  switch (c.op) {
    case 'equals':
      return value === c.value;
    case 'not-equals':
      return value !== c.value;
    case 'in':
      return c.value.includes(value);
    case 'not-in':
      return !c.value.includes(value);
    case 'exists':
      return true;
    default: {
      if (typeof value !== 'number') return false;
      const b = bound ?? c.value;
      return c.op === 'above' ? value > b : c.op === 'below' ? value < b : c.op === 'at-least' ? value >= b : value <= b;
    }
  }
}

/**
 * The facts for which the condition holds now. A fact that is absent, or has no value (null), never holds: a
 * rule about facts the engine does not have (yet) is inactive, not an error.
 */
export function matchFacts(condition: Condition, facts: Facts): Match[] {
  const names = capturesOf(condition.fact);
  const candidates: [string, string[]][] = [];
  if (names.length === 0) {
    if (Object.hasOwn(facts, condition.fact)) candidates.push([condition.fact, []]);
  } else {
    let re = compiled.get(condition.fact);
    if (!re) compiled.set(condition.fact, (re = patternRegex(condition.fact)));
    const prefix = condition.fact.slice(0, condition.fact.indexOf('{'));
    for (const name of Object.keys(facts)) {
      if (!name.startsWith(prefix)) continue;
      const m = re.exec(name);
      if (m) candidates.push([name, m.slice(1)]);
    }
  }
  const out: Match[] = [];
  for (const [fact, values] of candidates) {
    const value = facts[fact];
    if (value === null || value === undefined) continue;
    const bound = values.length > 0 ? condition.thresholds[values[0]!] : undefined;
    if (!holds(condition.comparator, value, bound)) continue;
    const c = condition.comparator;
    const want = c.op === 'exists' ? WORDS.exists : `${WORDS[c.op]} ${JSON.stringify(bound ?? c.value)}`;
    out.push({ fact, value, labels: Object.fromEntries(names.map((n, i) => [n, values[i]!])), why: `${fact} = ${JSON.stringify(value)}, want ${want}` });
  }
  return out;
}
