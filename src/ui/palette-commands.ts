import type { ArgInfo, Command } from '../engine/client/index.js';
import { commandAllowed, refusal, type Permissions } from './actions.js';
import { PANES } from './panes/registry.js';

/** A name the `:` palette knows: an engine command from the registry, or a console command. */
export interface PaletteEntry {
  name: string;
  description: string;
  dangerous: boolean;
  /** Argument names as typed, `[optional]` in brackets. */
  args: readonly string[];
  /** The engine's arguments, for an engine command (a console command has none). */
  specs?: readonly ArgInfo[];
}

const CONSOLE_COMMANDS: PaletteEntry[] = [
  { name: 'alerts', description: 'List the alerts, each with its reason (Enter goes to its row)', dangerous: false, args: [] },
  { name: 'audit', description: 'Show the audit trail (who, what, when, result)', dangerous: false, args: [] },
  { name: 'help', description: 'Show the keys', dangerous: false, args: [] },
  { name: 'quit', description: 'Quit the console', dangerous: false, args: [] },
];

export function paletteEntries(p: Permissions): PaletteEntry[] {
  const engine = (p.catalog?.commands ?? [])
    .filter((c) => commandAllowed(c.name, p))
    .map((c): PaletteEntry => ({
      name: c.name,
      description: c.description,
      dangerous: c.dangerous,
      args: c.args.map((a) => (a.required ? a.name : `[${a.name}]`)),
      specs: c.args,
    }));
  const panes = PANES.map((pane): PaletteEntry => ({ name: pane.id, description: `Go to the ${pane.title} pane`, dangerous: false, args: [] }));
  return [...engine, ...panes, ...CONSOLE_COMMANDS];
}

/** The entries the typed name matches: those it begins first, then those it appears in anywhere (`rech`). */
export function matchingEntries(line: string, entries: readonly PaletteEntry[]): PaletteEntry[] {
  const name = line.trimStart().split(/\s+/)[0] ?? '';
  const prefixed = entries.filter((e) => e.name.startsWith(name));
  return [...prefixed, ...entries.filter((e) => !e.name.startsWith(name) && e.name.includes(name))];
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0]!;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Tab: completes the command name, then a `package` argument from the known packages. */
export function complete(line: string, entries: readonly PaletteEntry[], packages: readonly string[]): string {
  const tokens = line.trimStart().split(/\s+/);
  if (tokens.length <= 1) {
    const typed = tokens[0] ?? '';
    const names = matchingEntries(line, entries).map((e) => e.name);
    const prefixed = names.filter((n) => n.startsWith(typed));
    const candidates = prefixed.length ? prefixed : names;
    if (candidates.length === 1) return `${candidates[0]} `;
    return commonPrefix(candidates) || line;
  }
  const [name, ...rest] = tokens;
  const entry = entries.find((e) => e.name === name);
  if (rest.length !== 1 || !entry || entry.args[0] !== 'package') return line;
  const candidates = packages.filter((p) => p.startsWith(rest[0]!));
  if (candidates.length === 1) return `${name} ${candidates[0]}`;
  return `${name} ${commonPrefix(candidates) || rest[0]}`;
}

export type ParsedLine = { kind: 'console'; name: string } | { kind: 'engine'; command: Command } | { kind: 'error'; message: string };

function convert(value: string, type: 'string' | 'number' | 'boolean'): unknown {
  if (type === 'number') return value.trim() === '' ? NaN : Number(value);
  if (type === 'boolean') return ['true', 'yes', '1'].includes(value) ? true : ['false', 'no', '0'].includes(value) ? false : value;
  return value;
}

/**
 * The engine command `typed` names (exactly, or as the prefix of only one) that `p` may not run, so the palette
 * can say it is not allowed rather than unknown.
 */
function refused(typed: string, p: Permissions): string | null {
  const names = (p.catalog?.commands ?? []).map((c) => c.name).filter((n) => !commandAllowed(n, p));
  const exact = names.find((n) => n === typed);
  const prefixed = names.filter((n) => n.startsWith(typed));
  const name = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
  return name ? refusal(name, p) : null;
}

/** Missing, unknown or mistyped arguments, said before anything is sent (the engine checks again). */
function argsProblem(name: string, specs: readonly ArgInfo[], args: Record<string, unknown>): string | null {
  for (const a of specs) {
    const v = args[a.name];
    if (v === undefined) {
      if (a.required) return `${name}: missing argument ${a.name}`;
    } else if (typeof v !== a.type || (a.type === 'number' && !Number.isFinite(v))) {
      return `${name}: ${a.name} must be a ${a.type} (got ${JSON.stringify(v)})`;
    } else if (a.values && !a.values.includes(String(v))) {
      return `${name}: ${a.name} must be one of ${a.values.join(', ')} (got ${JSON.stringify(v)})`;
    }
  }
  return null;
}

/**
 * `name arg…` with arguments positional in registry order or as `key=value`. With `p`, a command the operator
 * may not run reads `… is not allowed for a viewer` (or `in a read-only console`), not `unknown command`.
 */
export function parseLine(line: string, entries: readonly PaletteEntry[], p?: Permissions): ParsedLine {
  const [typed = '', ...tokens] = line.trim().split(/\s+/);
  if (!typed) return { kind: 'error', message: 'type a command name (Tab completes)' };
  const prefixed = entries.filter((e) => e.name.startsWith(typed));
  const candidates = prefixed.length > 0 ? prefixed : entries.filter((e) => e.name.includes(typed));
  const exact = entries.find((e) => e.name === typed);
  // A hidden command typed in full wins over an allowed one it is the prefix of (`promote` vs `promoter.run`).
  const hidden = !exact && p ? refused(typed, p) : null;
  if (hidden && (candidates.length === 0 || p?.catalog?.commands.some((c) => c.name === typed))) return { kind: 'error', message: hidden };
  const entry = exact ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!entry)
    return { kind: 'error', message: candidates.length > 1 ? `ambiguous: ${candidates.map((e) => e.name).join(', ')}` : `unknown command "${typed}"` };
  if (!entry.specs) return tokens.length ? { kind: 'error', message: `${entry.name} takes no arguments` } : { kind: 'console', name: entry.name };
  const specs = entry.specs;
  const args: Record<string, unknown> = {};
  let position = 0;
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const spec = eq > 0 ? specs.find((a) => a.name === token.slice(0, eq)) : specs[position++];
    if (!spec) return { kind: 'error', message: eq > 0 ? `${entry.name}: unknown argument ${token.slice(0, eq)}` : `${entry.name}: too many arguments` };
    args[spec.name] = convert(eq > 0 ? token.slice(eq + 1) : token, spec.type);
  }
  const problem = argsProblem(entry.name, specs, args);
  return problem ? { kind: 'error', message: problem } : { kind: 'engine', command: { name: entry.name, args } };
}
