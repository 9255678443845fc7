import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';

/** Reads a YAML file and validates it with a schema; every error names the file, line, field and value. */
export function loadYamlFile<S extends z.ZodTypeAny>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, undefined, undefined, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError(file, line, undefined, `malformed YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
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
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
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
