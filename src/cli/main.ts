import { parseArgs } from 'node:util';
import { killRunningTools } from '../engine/run-tool.js';
import { configDirOf, dataDirOf, describeFailure, UsageError } from './context.js';
import { USAGE } from './usage.js';

// Subcommands are imported when run, so one pays only for what it uses (`trunk status` loads no Ink or React,
// the console no HTTP server).
const demoCli = () => import('./demo-cli.js');
const trunkCli = () => import('./trunk-cli.js');

const OPTIONS = {
  config: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean' },
  once: { type: 'boolean' },
  force: { type: 'boolean' },
  package: { type: 'string' },
  'older-than': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  attach: { type: 'string' },
  token: { type: 'string' },
  'read-only': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  listen: { type: 'string' },
} as const;

/** Parses argv, runs one subcommand, returns the exit code. Nothing else. */
export async function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`), err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  try {
    const { values: v, positionals } = parse(argv);
    if (v.help) {
      out(USAGE);
      return 0;
    }
    const o = { config: v.config, data: v.data, json: v.json };
    const [area, action, ...rest] = positionals;
    const route = `${area ?? ''} ${action ?? ''}`.trim();
    const noMore = (n = 0) => {
      if (rest.length > n) throw new UsageError(`unexpected argument ${JSON.stringify(rest[n])} for "${route}"`);
    };
    const pipeline = await (await import('./pipeline-cli.js')).pipelineRoute(positionals, { once: v.once, dryRun: v['dry-run'] }, o, out, () => stopSignal(err));
    if (pipeline !== null) return pipeline;
    switch (route) {
      case 'demo init':
        noMore();
        return await (await demoCli()).demoInitCli(o, out);
      case 'demo commit':
        noMore();
        return await (await demoCli()).demoCommitCli({ ...o, package: v.package }, out);
      case 'trunk run':
        noMore();
        return await (await trunkCli()).trunkRun({ ...o, once: v.once }, out, stopSignal(err));
      case 'trunk status':
        noMore();
        return await (await trunkCli()).trunkStatus(o, out);
      case 'trunk recheck':
        noMore(1);
        return await (await trunkCli()).trunkRecheck({ ...o, package: rest[0], force: v.force }, out);
      case 'trunk purge':
        noMore();
        return await (await trunkCli()).trunkPurge({ ...o, olderThan: v['older-than'], dryRun: v['dry-run'] }, out);
      case 'info':
        return (await import('./info-cli.js')).info(o, out);
      case '':
        return await (await import('./console-cli.js')).consoleCli(
          { ...o, attach: v.attach, token: v.token, readOnly: Boolean(v['read-only']), color: !v['no-color'] && !process.env.NO_COLOR },
          err,
        );
      case 'serve':
        return await (await import('../engine/api/serve.js')).serve({ configDir: configDirOf(o), dataDir: dataDirOf(o), listen: v.listen ?? '127.0.0.1:8080', log: err });
      default:
        throw new UsageError(`unknown command "${positionals.join(' ')}"; see rdo-console --help`);
    }
  } catch (e) {
    const { code, message } = describeFailure(e);
    err(message);
    return code;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}; see rdo-console --help`);
  }
}

/** First Ctrl-C (or SIGTERM/SIGHUP): finish the pass in progress, then stop. Second: stop the builds now. */
function stopSignal(err: (line: string) => void): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) {
      err('rdo-console: stopping after this pass (again to stop the builds now)');
      controller.abort();
      return;
    }
    err(`rdo-console: stopping ${killRunningTools()} running tools; interrupted builds are re-queued on the next start`);
    process.exit(130);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
  return controller.signal;
}
