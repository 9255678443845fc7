import type { AreaDef } from './area.js';
import { describeArgs, type ArgInfo } from './args.js';

export interface CommandInfo {
  name: string;
  area: string;
  description: string;
  dangerous: boolean;
  /** The console's question before it runs (dangerous commands), `{arg}` to be filled in. */
  confirm?: string;
  args: ArgInfo[];
}

export interface QueryInfo {
  name: string;
  area: string;
  description: string;
  args: ArgInfo[];
  changesOn: readonly string[];
}

/** What an engine can do, as consoles learn it (an attached console may talk to another version). */
export interface Catalog {
  commands: CommandInfo[];
  queries: QueryInfo[];
  loops: string[];
}

export function catalogOf(areas: readonly AreaDef<any>[]): Catalog {
  return {
    commands: areas.flatMap((a) =>
      a.commands.map((c) => ({
        name: c.name,
        area: a.name,
        description: c.description,
        dangerous: c.dangerous,
        ...(c.confirm ? { confirm: c.confirm } : {}),
        args: describeArgs(c.args),
      })),
    ),
    queries: areas.flatMap((a) =>
      a.queries.map((q) => ({ name: q.name, area: a.name, description: q.description, args: describeArgs(q.args), changesOn: q.changesOn })),
    ),
    loops: areas.flatMap((a) => a.loops.map((l) => l.name)),
  };
}
