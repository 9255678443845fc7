import { z } from 'zod';
import type { ArgsSchema } from './area.js';
import { EngineError } from './errors.js';

/** One argument of a command or query, as the palette, the CLI and the catalog describe it. */
export interface ArgInfo {
  name: string;
  type: 'string' | 'number' | 'boolean';
  required: boolean;
  description?: string;
  /** The allowed values of an enum argument. */
  values?: readonly string[];
}

/**
 * Checks `args` against a command's or query's schema: unknown arguments, missing ones and wrong types are a
 * bad-request EngineError naming the argument and the value given.
 */
export function parseArgs<S extends ArgsSchema>(what: string, schema: S, args: unknown): z.output<S> {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new EngineError('bad-request', `${what}: args must be an object`);
  const parsed = schema.strict().safeParse(args);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0]!;
  const name = issue.path.join('.');
  const given = (args as Record<string, unknown>)[String(issue.path[0])];
  if (issue.code === 'unrecognized_keys') throw new EngineError('bad-request', `${what}: unknown argument ${JSON.stringify(issue.keys[0])}`);
  if (given === undefined) throw new EngineError('bad-request', `${what}: missing argument ${name}`);
  if (issue.code === 'invalid_type') throw new EngineError('bad-request', `${what}: ${name} must be a ${issue.expected} (got ${show(given)})`);
  throw new EngineError('bad-request', `${what}: ${name}: ${issue.message} (got ${show(given)})`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The arguments a schema takes, in declaration order. */
export function describeArgs(schema: ArgsSchema): ArgInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    let inner = field as z.ZodType;
    let required = true;
    for (;;) {
      if (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
        required = false;
        inner = inner.unwrap() as z.ZodType;
      } else if (inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
      else break;
    }
    const description = (field as z.ZodType).description ?? inner.description;
    const base = { name, required, ...(description ? { description } : {}) };
    if (inner instanceof z.ZodNumber) return { ...base, type: 'number' };
    if (inner instanceof z.ZodBoolean) return { ...base, type: 'boolean' };
    if (inner instanceof z.ZodEnum) return { ...base, type: 'string', values: inner.options.map(String) };
    if (inner instanceof z.ZodString) return { ...base, type: 'string' };
    throw new Error(`argument ${name}: only strings, numbers, booleans and enums can be command arguments`);
  });
}
