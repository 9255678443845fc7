import { Command, Option } from 'commander';
import type { Io } from './context.js';

/** What an action returns: the process's exit code. */
export type Action = (...args: any[]) => Promise<number> | number;

/** The program being built, and the exit code of the action that ran. */
export interface Program {
  root: Command;
  io: Io;
  exitCode: number;
}

/** `--config` and `--data`, accepted by every command (before the subcommand, or after it). */
export function withDataOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--config <dir>', 'configuration directory (default: the shipped demo config)'))
    .addOption(new Option('--data <dir>', 'data directory (default: $XDG_DATA_HOME/rdo-console)'));
}

export function withJson(cmd: Command): Command {
  return cmd.option('--json', 'machine-readable output');
}

/** The group command `name` (created with `description` if new). */
export function group(parent: Command, name: string, description: string): Command {
  const found = parent.commands.find((c) => c.name() === name);
  if (found) return found;
  return parent.command(name).description(description);
}

/** A leaf command under `path` (space-separated words), with the data options. */
export function leaf(p: Program, path: string, description: string, groupDescription = (word: string) => `${word} commands`): Command {
  const words = path.split(' ');
  let parent = p.root;
  for (const word of words.slice(0, -1)) parent = group(parent, word, groupDescription(word));
  const name = words[words.length - 1]!;
  if (parent.commands.some((c) => c.name() === name)) throw new Error(`CLI command "${path}" is defined twice`);
  return withDataOptions(parent.command(name).description(description));
}

/**
 * Runs `action` with its positionals and the options of the command merged with the program's (the data
 * options may be given before the subcommand). Records its exit code.
 */
export function act(p: Program, cmd: Command, action: (positionals: string[], options: Record<string, unknown>) => Promise<number> | number): Command {
  return cmd.action(async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const positionals = args.slice(0, -2) as string[];
    p.exitCode = await action(positionals, { ...p.root.opts(), ...command.opts() });
  });
}
