/** Every operator action, by name: the same commands back console keys, CLI subcommands and the API. */
export interface CommandSpec {
  description: string;
  dangerous: boolean;
  args: readonly { name: string; type: 'string' | 'number' | 'boolean'; required: boolean }[];
}

export const COMMANDS = {
  'trunk.run': { description: 'Run a trunk pass now', dangerous: false, args: [] },
  'trunk.pause': { description: 'Pause the trunk loop', dangerous: false, args: [] },
  'trunk.resume': { description: 'Resume the trunk loop', dangerous: false, args: [] },
  'trunk.recheck': {
    description: 'Re-queue the last commit of a FAILED package',
    dangerous: false,
    args: [{ name: 'package', type: 'string', required: true }],
  },
  'trunk.force-rebuild': {
    description: 'Rebuild the last commit of a package even if it succeeded',
    dangerous: true,
    args: [{ name: 'package', type: 'string', required: true }],
  },
  'trunk.purge': {
    description: 'Remove hashed repos older than N days (never link targets)',
    dangerous: true,
    args: [
      { name: 'olderThan', type: 'number', required: true },
      { name: 'dryRun', type: 'boolean', required: false },
    ],
  },
  'pool.hold': {
    description: 'Hold a CI node: keep it (and what its job left) until released',
    dangerous: false,
    args: [
      { name: 'node', type: 'string', required: true },
      { name: 'reason', type: 'string', required: false },
    ],
  },
  'pool.release': { description: 'Release a held CI node (it is then cleaned up)', dangerous: false, args: [{ name: 'node', type: 'string', required: true }] },
  'pool.delete': { description: 'Delete a CI node now, even mid-job', dangerous: true, args: [{ name: 'node', type: 'string', required: true }] },
  'jobs.run': {
    description: 'Run a CI job (again) on a repo hash',
    dangerous: false,
    args: [
      { name: 'job', type: 'string', required: true },
      { name: 'hash', type: 'string', required: true },
    ],
  },
  promote: {
    description: 'Move a label to a repo hash (the old target becomes previous-<label>)',
    dangerous: true,
    args: [
      { name: 'hash', type: 'string', required: true },
      { name: 'label', type: 'string', required: true },
    ],
  },
  'promoter.run': { description: 'Run a promoter pass now', dangerous: false, args: [{ name: 'dryRun', type: 'boolean', required: false }] },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export interface Command {
  name: string;
  args?: Record<string, unknown>;
}

export interface CommandResult {
  ok: boolean;
  message: string;
  data?: unknown;
}

export type Role = 'operator' | 'viewer';

export interface Actor {
  name: string;
  role: Role;
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Checks a command's name and arguments against the registry; returns a problem or null. */
export function commandProblem(command: Command): string | null {
  if (typeof command?.name !== 'string' || !isCommandName(command.name)) return `unknown command ${JSON.stringify(command?.name)}`;
  const spec: CommandSpec = COMMANDS[command.name];
  const args = command.args ?? {};
  if (typeof args !== 'object' || Array.isArray(args)) return `${command.name}: args must be an object`;
  for (const key of Object.keys(args)) if (!spec.args.some((a) => a.name === key)) return `${command.name}: unknown argument ${JSON.stringify(key)}`;
  for (const a of spec.args) {
    const v = args[a.name];
    if (v === undefined) {
      if (a.required) return `${command.name}: missing argument ${a.name}`;
    } else if (typeof v !== a.type || (a.type === 'number' && !Number.isFinite(v))) {
      return `${command.name}: ${a.name} must be a ${a.type} (got ${JSON.stringify(v)})`;
    }
  }
  return null;
}
