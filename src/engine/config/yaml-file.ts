import { LineCounter, parseDocument, isNode, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { readConfigText } from './read-config-text.js';

/** Fields whose values are secrets (or digests of them): an error names them but never shows their value. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['token-sha256', 'password-scrypt', 'token', 'password', 'secret', 'passphrase', 'password-file']);

/** Reads a YAML file and validates it with a schema; every error names the file, line, field and value. */
export function loadYamlFile<S extends z.ZodTypeAny>(file: string, schema: S): z.infer<S> {
  const text = readConfigText(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError(file, line, keyNear(text, line), `malformed YAML: ${yamlError.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias bomb ("billion laughs"): yaml stops expanding it; say where the aliases start.
    const at = firstAlias(doc, lineCounter);
    throw new ConfigError(file, at.line, at.field, `malformed YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw locatedError(file, doc, lineCounter, issue.path as (string | number)[], issue.message);
  }
  return parsed.data;
}

export function locatedError(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  path: (string | number)[],
  message: string,
): ConfigError {
  const { line, value } = locate(doc, lineCounter, path);
  const secret = path.some((p) => typeof p === 'string' && SECRET_FIELDS.has(p));
  const shown = value === undefined || secret ? '' : ` (got ${JSON.stringify(value)})`;
  return new ConfigError(file, line, formatPath(path), `${message}${shown}`);
}

function locate(doc: Document, lineCounter: LineCounter, path: (string | number)[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const exact = depth === path.length;
      const value = exact ? (node.toJSON() as unknown) : undefined;
      return { line: lineCounter.linePos(node.range[0]).line, value: isScalar(value) ? value : undefined };
    }
  }
  return { line: undefined, value: undefined };
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Re-reads a config file that already loaded once, to locate a problem found after parsing. */
export function parseForLocating(file: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(readConfigText(file), { lineCounter }), lineCounter };
}

function firstAlias(doc: Document, lineCounter: LineCounter): { line: number | undefined; field: string | undefined } {
  let found: { line: number | undefined; field: string | undefined } = { line: undefined, field: undefined };
  visit(doc, {
    Alias(_key, node, path) {
      const pair = [...path].reverse().find((p) => (p as { key?: unknown }).key !== undefined) as { key?: { toString(): string } } | undefined;
      found = { line: node.range ? lineCounter.linePos(node.range[0]).line : undefined, field: pair?.key ? String(pair.key) : undefined };
      return visit.BREAK;
    },
  });
  return found;
}

/** The key on `line` or the nearest line above it that has one: where a syntax error is, in the file's own words. */
function keyNear(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const key = /^\s*(?:-\s+)?([A-Za-z0-9_.-]+)\s*:/.exec(lines[i]!)?.[1];
    if (key) return key;
  }
  return undefined;
}
