import { Option, type Command } from 'commander';
import type { AreaDef, CliSpec } from '../engine/area.js';
import { describeArgs, type ArgInfo } from '../engine/args.js';
import { exitCodeOf } from '../engine/errors.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { cliActor, withEngine } from './context.js';

/**
 * A subcommand for every command and query of every area (unless custom CLI code takes it): `trunk.recheck`
 * becomes `rdo-console trunk recheck`, its arguments positionals or options as the area says.
 */
export function registerAreaCommands(p: Program, areas: readonly AreaDef<any>[]): void {
  const groupDescription = (word: string) => areas.find((a) => a.name === word)?.description ?? `${word} commands`;
  for (const area of areas) {
    for (const c of area.commands) {
      if (c.cli?.custom) continue;
      const cmd = declare(p, c.name, c.description + (c.dangerous ? ' (dangerous)' : ''), c.cli, describeArgs(c.args), groupDescription);
      act(p, withJson(cmd), (positionals, o) =>
        withEngine(o, async (engine) => {
          const r = await engine.dispatch({ name: c.name, args: argsOf(describeArgs(c.args), c.cli, positionals, o) }, cliActor());
          p.io.out(o.json ? JSON.stringify(r) : r.ok && c.cli?.text && r.data !== undefined ? c.cli.text(r.data as never) : r.message);
          return r.ok ? 0 : exitCodeOf(r.error?.kind ?? 'internal');
        }),
      );
    }
    for (const q of area.queries) {
      if (q.cli?.custom) continue;
      const cmd = declare(p, q.name, q.description, q.cli, describeArgs(q.args), groupDescription);
      act(p, withJson(cmd), (positionals, o) =>
        withEngine(o, async (engine) => {
          const result = await engine.query(q.name, argsOf(describeArgs(q.args), q.cli, positionals, o), cliActor());
          p.io.out(o.json || !q.cli?.text ? JSON.stringify(result, null, 2) : q.cli.text(result as never));
          return q.cli?.exitCode ? q.cli.exitCode(result as never) : 0;
        }),
      );
    }
  }
}

function pathOf(name: string, cli: CliSpec | undefined): string {
  return cli?.path ?? name.replace('.', ' ');
}

function declare(
  p: Program,
  name: string,
  description: string,
  cli: CliSpec | undefined,
  args: ArgInfo[],
  groupDescription: (word: string) => string,
): Command {
  const cmd = leaf(p, pathOf(name, cli), description, groupDescription);
  const positional = cli?.positional ?? [];
  for (const a of positional.map((n) => args.find((x) => x.name === n)!)) cmd.argument(a.required ? `<${a.name}>` : `[${a.name}]`, a.description ?? '');
  for (const a of args.filter((x) => !positional.includes(x.name))) {
    const flag = `--${kebab(a.name)}`;
    const option = new Option(a.type === 'boolean' ? flag : `${flag} <${a.type === 'number' ? 'n' : 'value'}>`, a.description ?? '');
    if (a.values) option.choices([...a.values]);
    if (a.required) option.makeOptionMandatory();
    if (cli?.repeatable?.includes(a.name)) option.argParser((v: string, previous?: string) => (previous === undefined ? v : `${previous},${v}`));
    cmd.addOption(option);
  }
  return cmd;
}

/** Positionals and options as the engine takes them: numbers as numbers (anything else is left for it to refuse). */
function argsOf(args: ArgInfo[], cli: CliSpec | undefined, positionals: string[], o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const positional = cli?.positional ?? [];
  for (const a of args) {
    const i = positional.indexOf(a.name);
    const raw = i >= 0 ? positionals[i] : o[a.name];
    if (raw === undefined) continue;
    out[a.name] = a.type === 'number' && typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  }
  return out;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
