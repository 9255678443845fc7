import { Command } from 'commander';
import { AREAS } from '../engine/areas.js';
import { registerAreaCommands } from './area-commands.js';
import { withDataOptions, type Program } from './commands.js';
import { registerCompletionCli } from './completion-cli.js';
import { registerConsoleCli } from './console-cli.js';
import type { Io } from './context.js';
import { registerDemoCli } from './demo-cli.js';
import { registerInfoCli } from './info-cli.js';
import { registerLogsCli } from './logs-cli.js';
import { registerPipelineCli } from './pipeline-cli.js';
import { registerServeCli } from './serve-cli.js';
import { registerTokenCli } from './token-cli.js';
import { registerTrunkCli } from './trunk-cli.js';

const EPILOG = `
A HASH is a repo hash (<commit>_<distro8>, the hashed repo's last path segment) or a full commit hash.
Exit codes: 0 all good, 1 a build or command failed, 2 bad usage, bad config or a bad request.
Every command has its own help: rdo-console trunk --help, rdo-console promote --help.`;

/** The whole command tree: the console (no subcommand), the CLI groups of src/cli, and every area's commands. */
export function buildProgram(io: Io): Program {
  const root = new Command('rdo-console')
    .description('Operations console for an RPM delivery pipeline in the style of RDO Trunk (DLRN)')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`rdo-console: ${s.replace(/^error: /, '')}`),
    })
    .addHelpText('after', EPILOG);
  withDataOptions(root);
  const p: Program = { root, io, exitCode: 0 };
  registerConsoleCli(p);
  registerServeCli(p);
  registerDemoCli(p);
  registerTrunkCli(p);
  registerPipelineCli(p);
  registerAreaCommands(p, AREAS);
  registerInfoCli(p);
  registerTokenCli(p);
  registerLogsCli(p);
  registerCompletionCli(p);
  describeGroups(root);
  return p;
}

/** Each command group's help line, from the area it belongs to. */
function describeGroups(root: Command): void {
  const lines = new Map<string, string>();
  for (const a of AREAS) {
    lines.set(a.name, a.description);
    for (const [group, line] of Object.entries(a.cliGroups ?? {})) lines.set(group, line);
  }
  lines.set('demo', 'The shipped demo: twelve OpenStack-style packages and their scripted activity');
  lines.set('token', 'Mint console tokens and API passwords (stored hashed in operators.yml)');
  for (const c of root.commands) {
    const line = lines.get(c.name());
    if (line && c.commands.length > 0) c.description(line);
  }
}
