import { loadConfig } from '../engine/config/load.js';
import { ensureWritableDataDir } from '../engine/data-dir.js';
import { demoCommit, demoInit } from '../engine/demo/index.js';
import { exitCodeOf } from '../engine/errors.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { cliActor, configDirOf, dataDirOf, UsageError, withEngine, type GlobalOptions, type Io } from './context.js';

export async function demoInitCli(o: GlobalOptions, out: (line: string) => void): Promise<number> {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  ensureWritableDataDir(config.dataDir);
  const r = await demoInit(config);
  if (o.json) out(JSON.stringify(r));
  else {
    out(`demo repositories in ${config.dataDir}/demo: ${r.created.length} created, ${r.existing.length} already there`);
    if (r.signingKey === 'generated')
      out(`generated a THROWAWAY release signing key ${config.signing!.key} in ${config.signing!.gnupghome} (demo only: never use it for real releases)`);
  }
  return 0;
}

export async function demoCommitCli(o: GlobalOptions & { package?: string }, out: (line: string) => void): Promise<number> {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  const r = await demoCommit(config, { package: o.package });
  out(o.json ? JSON.stringify(r) : `${r.kind} commit ${r.commitHash.slice(0, 8)} on ${r.package}`);
  return 0;
}

/** Through the engine's `demo.ga` (the console's `:demo.ga`), so the release is branched first when it is not. */
export async function demoGaCli(o: GlobalOptions & { release?: string; late?: string; lateMinutes?: string }, io: Io): Promise<number> {
  const number = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(v.trim())) throw new UsageError(`--${name}: not a number: ${JSON.stringify(v)}`);
    return Number(v);
  };
  const args = { release: o.release, late: number('late', o.late), lateMinutes: number('late-minutes', o.lateMinutes) };
  return withEngine(o, async (engine) => {
    const r = await engine.dispatch({ name: 'demo.ga', args: Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) }, cliActor());
    if (o.json) io.out(JSON.stringify(r));
    else (r.ok ? io.out : io.err)(r.ok ? r.message : `rdo-console: ${r.message}`);
    return r.ok ? 0 : exitCodeOf(r.error?.kind ?? 'internal');
  });
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
  act(
    p,
    withJson(
      leaf(p, 'demo ga', 'Simulate an upstream GA: release tags in the demo upstreams, a couple of them minutes late')
        .option('--release <name>', 'the release (default: the one in development, else the first)')
        .option('--late <n>', 'how many packages get their tag late (default 2)')
        .option('--late-minutes <m>', 'how late (default 3)'),
    ),
    (_a, o) =>
      demoGaCli({ ...o, release: o.release as string | undefined, late: o.late as string | undefined, lateMinutes: o.lateMinutes as string | undefined }, p.io),
  );
}
