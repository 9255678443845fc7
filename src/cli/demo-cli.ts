import { loadConfig } from '../engine/config/load.js';
import { ensureWritableDataDir } from '../engine/data-dir.js';
import { demoCommit, demoGa, demoInit } from '../engine/demo/index.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { configDirOf, dataDirOf, type GlobalOptions } from './context.js';

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

export async function demoGaCli(o: GlobalOptions & { release?: string; late?: string; lateMinutes?: string }, out: (line: string) => void): Promise<number> {
  const config = loadConfig(configDirOf(o), dataDirOf(o));
  const r = await demoGa(config, {
    release: o.release,
    late: o.late === undefined ? undefined : Number(o.late),
    lateMinutes: o.lateMinutes === undefined ? undefined : Number(o.lateMinutes),
  });
  if (o.json) out(JSON.stringify(r));
  else {
    out(`upstream GA of ${r.release}: ${r.tagged.length} release tag(s) created (${r.tagged.map((t) => `${t.package} ${t.tag}`).join(', ')})`);
    for (const l of r.late) out(`late: ${l.package} has ${l.rc} now; ${l.tag} comes at ${new Date(l.due).toISOString()} (created by the running engine)`);
  }
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
  act(
    p,
    withJson(
      leaf(p, 'demo ga', 'Simulate an upstream GA: release tags in the demo upstreams, a couple of them minutes late')
        .option('--release <name>', 'the release (default: the one in development, else the first)')
        .option('--late <n>', 'how many packages get their tag late (default 2)')
        .option('--late-minutes <m>', 'how late (default 3)'),
    ),
    (_a, o) =>
      demoGaCli(
        { ...o, release: o.release as string | undefined, late: o.late as string | undefined, lateMinutes: o.lateMinutes as string | undefined },
        p.io.out,
      ),
  );
}
