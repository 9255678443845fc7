import { loadConfig } from '../engine/config/load.js';
import { ensureWritableDataDir } from '../engine/data-dir.js';
import { demoCommit, demoInit } from '../engine/demo/index.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { configDirOf, dataDirOf, type GlobalOptions } from './context.js';

export async function demoInitCli(o: GlobalOptions, out: (line: string) => void): Promise<number> {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  ensureWritableDataDir(config.dataDir);
  const r = await demoInit(config);
  if (o.json) out(JSON.stringify(r));
  else out(`demo repositories in ${config.dataDir}/demo: ${r.created.length} created, ${r.existing.length} already there`);
  return 0;
}

export async function demoCommitCli(o: GlobalOptions & { package?: string }, out: (line: string) => void): Promise<number> {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  const r = await demoCommit(config, { package: o.package });
  out(o.json ? JSON.stringify(r) : `${r.kind} commit ${r.commitHash.slice(0, 8)} on ${r.package}`);
  return 0;
}

export function registerDemoCli(p: Program): void {
  act(p, withJson(leaf(p, 'demo init', 'Create the demo upstream and distgit repositories')), (_a, o) => demoInitCli(o, p.io.out));
  act(
    p,
    withJson(
      leaf(p, 'demo commit', 'Add an upstream commit (the scripted demo activity)').option('--package <name>', 'to this package (default: the script decides)'),
    ),
    (_a, o) => demoCommitCli({ ...o, package: o.package as string | undefined }, p.io.out),
  );
}
