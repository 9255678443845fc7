import type { Engine } from '../engine/engine.js';
import type { EngineEvent } from '../engine/events.js';
import { exitCodeOf } from '../engine/errors.js';
import { trunkOf } from '../engine/trunk/index.js';
import { readLink } from '../engine/trunk/links.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { cliActor, lockHeld, openEngine, UsageError, type GlobalOptions } from './context.js';
import { stopSignal } from './stop-signal.js';

type Out = (line: string) => void;

export async function trunkRun(o: GlobalOptions & { once?: boolean }, out: Out, signal?: AbortSignal): Promise<number> {
  const engine = openEngine(o);
  try {
    const unsubscribe = o.json ? () => undefined : engine.events.subscribe((e) => printProgress(e, out, engine));
    const taken = engine.takeLock();
    if (!taken.ok) {
      unsubscribe();
      out(lockHeld(engine, taken.holder));
      return 1;
    }
    let failed = false;
    try {
      for (;;) {
        const result = await trunkOf(engine).trunk.runPass();
        failed ||= result.failed > 0;
        if (o.json)
          out(JSON.stringify({ ...result, current: readLink(engine.paths.reposDir, 'current'), consistent: readLink(engine.paths.reposDir, 'consistent') }));
        else
          out(
            `pass ${result.pass}: ${result.built} built, ${result.failed} failed, ${result.retried} to retry${result.skipped.length ? `, skipped ${result.skipped.join(' ')}` : ''}`,
          );
        if (o.once || signal?.aborted) break;
        await sleep(engine.config.trunk['run-interval'] * 1000, signal);
        if (signal?.aborted) break;
      }
    } finally {
      unsubscribe();
    }
    return failed ? 1 : 0;
  } finally {
    await engine.close();
  }
}

function printProgress(e: EngineEvent, out: Out, engine: Engine): void {
  switch (e.type) {
    case 'fetch.failed':
      return out(`SKIPPED  ${e.payload.package}: ${e.payload.reason}`);
    case 'build.started':
      return out(`BUILDING ${e.payload.package} ${e.payload.commitHash.slice(0, 8)} (worker ${e.payload.worker}, attempt ${e.payload.attempt})`);
    case 'build.finished': {
      const p = e.payload;
      const secs = (p.durationMs / 1000).toFixed(1);
      if (p.status === 'SUCCESS') return out(`SUCCESS  ${p.package} ${p.nvr} (${secs}s)`);
      const log = trunkOf(engine).store.buildById(p.buildId)?.log_path ?? '';
      return out(`${p.status.padEnd(8)} ${p.package} ${p.commitHash.slice(0, 8)}: ${p.error} (${secs}s; log ${log})`);
    }
    case 'link.moved':
      return out(`LINK     ${e.payload.name} -> ${e.payload.to}`);
    case 'recovery.done':
      return out(
        `RECOVERY re-queued ${e.payload.requeued} interrupted builds, removed ${e.payload.tmpRemoved} temporary dirs${e.payload.staleLocks?.length ? `, ${e.payload.staleLocks.length} stale git locks` : ''}${e.payload.tempClones ? `, ${e.payload.tempClones} unfinished clones` : ''}`,
      );
  }
}

export async function trunkRecheck(o: GlobalOptions & { package?: string; force?: boolean }, out: Out): Promise<number> {
  if (!o.package) throw new UsageError('trunk recheck needs a PACKAGE');
  const engine = openEngine(o);
  try {
    const r = await engine.dispatch({ name: o.force ? 'trunk.force-rebuild' : 'trunk.recheck', args: { package: o.package } }, cliActor());
    out(o.json ? JSON.stringify(r) : r.message);
    return r.ok ? 0 : exitCodeOf(r.error?.kind ?? 'internal');
  } finally {
    await engine.close();
  }
}

export async function trunkPurge(o: GlobalOptions & { olderThan?: string; dryRun?: boolean }, out: Out): Promise<number> {
  const days = Number(o.olderThan);
  if (o.olderThan === undefined || !Number.isInteger(days) || days < 0)
    throw new UsageError(`trunk purge needs --older-than DAYS, a whole number (got ${JSON.stringify(o.olderThan ?? null)})`);
  const engine = openEngine(o);
  try {
    if (!o.dryRun) {
      // Removing repos races a running trunk (publishing, promotions): only the process driving the data directory may.
      const taken = engine.takeLock();
      if (!taken.ok) {
        out(lockHeld(engine, taken.holder, `run the purge there (the console's :trunk.purge ${days}) or stop it first`));
        return 1;
      }
    }
    const r = await engine.dispatch({ name: 'trunk.purge', args: { olderThan: days, dryRun: Boolean(o.dryRun) } }, cliActor());
    if (o.json) out(JSON.stringify(r));
    else {
      const plan = r.data as { purge: string[]; kept: { path: string; why: string }[] } | undefined;
      for (const p of plan?.purge ?? []) out(`${o.dryRun ? 'would purge' : 'purged'} ${p}`);
      for (const k of plan?.kept ?? []) out(`kept ${k.path} (${k.why})`);
      out(r.message);
    }
    return r.ok ? 0 : exitCodeOf(r.error?.kind ?? 'internal');
  } finally {
    await engine.close();
  }
}

/** `trunk run`, `trunk recheck`, `trunk purge`; the trunk's other subcommands come from its area. */
export function registerTrunkCli(p: Program): void {
  act(
    p,
    withJson(
      leaf(p, 'trunk run', 'Build what is new: one pass with --once, else a pass every run-interval').option(
        '--once',
        'one pass, then exit (1 if a build FAILED)',
      ),
    ),
    (_a, o) => trunkRun(o, p.io.out, o.once ? undefined : stopSignal(p.io.err)),
  );
  act(
    p,
    withJson(
      leaf(p, 'trunk recheck', 'Re-queue the last commit of a FAILED package (a SUCCESS one only with --force)')
        .argument('<package>')
        .option('--force', 'rebuild even a SUCCESS build (dangerous)'),
    ),
    ([pkg], o) => trunkRecheck({ ...o, package: pkg }, p.io.out),
  );
  act(
    p,
    withJson(
      leaf(p, 'trunk purge', 'Remove hashed repos older than DAYS (never link targets)')
        .option('--older-than <days>', 'age in days')
        .option('--dry-run', 'say what would go, remove nothing'),
    ),
    (_a, o) => trunkPurge({ ...o, olderThan: o.olderThan as string | undefined }, p.io.out),
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
