import type { Engine } from '../engine/engine.js';
import type { EngineEvent } from '../engine/events.js';
import { readLink } from '../engine/trunk/links.js';
import { cliActor, openEngine, UsageError, type GlobalOptions } from './context.js';
import { ago, textTable } from './table.js';

type Out = (line: string) => void;

export async function trunkRun(o: GlobalOptions & { once?: boolean }, out: Out, signal?: AbortSignal): Promise<number> {
  const engine = openEngine(o);
  try {
    const unsubscribe = o.json ? () => undefined : engine.events.subscribe((e) => printProgress(e, out, engine));
    const taken = engine.takeTrunk();
    if (!taken.ok) {
      unsubscribe();
      out(`rdo-console: another rdo-console (pid ${taken.holder ?? '?'}) is driving ${engine.paths.dataDir}; stop it or attach to it`);
      return 1;
    }
    let failed = false;
    try {
      for (;;) {
        const result = await engine.runPass();
        failed ||= result.failed > 0;
        if (o.json) out(JSON.stringify({ ...result, current: readLink(engine.paths.reposDir, 'current'), consistent: readLink(engine.paths.reposDir, 'consistent') }));
        else out(`pass ${result.pass}: ${result.built} built, ${result.failed} failed, ${result.retried} to retry${result.skipped.length ? `, skipped ${result.skipped.join(' ')}` : ''}`);
        if (o.once || signal?.aborted) break;
        await sleep(engine.config.trunk['run-interval'] * 1000, signal);
        if (signal?.aborted) break;
      }
    } finally {
      unsubscribe();
    }
    return failed ? 1 : 0;
  } finally {
    engine.close();
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
      const log = engine.store.buildById(p.buildId)?.log_path ?? '';
      return out(`${p.status.padEnd(8)} ${p.package} ${p.commitHash.slice(0, 8)}: ${p.error} (${secs}s; log ${log})`);
    }
    case 'link.moved':
      return out(`LINK     ${e.payload.name} -> ${e.payload.to}`);
    case 'recovery.done':
      return out(`RECOVERY re-queued ${e.payload.requeued} interrupted builds, removed ${e.payload.tmpRemoved} temporary dirs`);
  }
}

export function trunkStatus(o: GlobalOptions, out: Out): number {
  const engine = openEngine(o);
  try {
    const statuses = engine.store.packageStatuses();
    const links = { current: readLink(engine.paths.reposDir, 'current'), consistent: readLink(engine.paths.reposDir, 'consistent') };
    if (o.json) {
      out(
        JSON.stringify(
          {
            ...links,
            packages: statuses.map((s) => ({
              package: s.package,
              component: s.component,
              status: s.lastCommit && ['QUEUED', 'BUILDING'].includes(s.lastCommit.state) ? s.lastCommit.state : (s.lastBuild?.status ?? null),
              commit_hash: s.lastCommit?.commit_hash ?? null,
              nvr: s.lastBuild?.nvr ?? null,
              last_build: s.lastBuild?.finished_at ?? null,
              last_success: s.lastSuccess?.finished_at ?? null,
              first_failure: s.firstFailure ? { commit_hash: s.firstFailure.commit_hash, at: s.firstFailure.finished_at } : null,
              error: s.lastBuild?.status === 'SUCCESS' ? null : (s.lastBuild?.error ?? null),
              skipped: s.skipped,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const rows = statuses.map((s) => [
      s.package,
      s.lastCommit && ['QUEUED', 'BUILDING'].includes(s.lastCommit.state) ? s.lastCommit.state : (s.lastBuild?.status ?? 'NEVER'),
      s.lastBuild?.nvr ?? '-',
      ago(s.lastBuild?.finished_at),
      s.firstFailure ? `${s.firstFailure.commit_hash.slice(0, 8)} ${ago(s.firstFailure.finished_at)}` : '-',
      s.skipped ? `skipped: ${s.skipped}` : '',
    ]);
    out(textTable(['PACKAGE', 'STATUS', 'NVR', 'LAST BUILD', 'FIRST FAILURE', ''], rows));
    out('');
    out(`current    -> ${links.current ?? '(none)'}`);
    out(`consistent -> ${links.consistent ?? '(none)'}`);
    return 0;
  } finally {
    engine.close();
  }
}

export async function trunkRecheck(o: GlobalOptions & { package?: string; force?: boolean }, out: Out): Promise<number> {
  if (!o.package) throw new UsageError('trunk recheck needs a PACKAGE');
  const engine = openEngine(o);
  try {
    const r = await engine.dispatch({ name: o.force ? 'trunk.force-rebuild' : 'trunk.recheck', args: { package: o.package } }, cliActor());
    out(o.json ? JSON.stringify(r) : r.message);
    return r.ok ? 0 : 1;
  } finally {
    engine.close();
  }
}

export async function trunkPurge(o: GlobalOptions & { olderThan?: string; dryRun?: boolean }, out: Out): Promise<number> {
  const days = Number(o.olderThan);
  if (o.olderThan === undefined || !Number.isInteger(days) || days < 0) throw new UsageError(`trunk purge needs --older-than DAYS, a whole number (got ${JSON.stringify(o.olderThan ?? null)})`);
  const engine = openEngine(o);
  try {
    if (!o.dryRun) {
      // Removing repos races a running trunk (publishing, promotions): only the process driving the data directory may.
      const taken = engine.takeTrunk();
      if (!taken.ok) {
        out(`rdo-console: another rdo-console (pid ${taken.holder ?? '?'}) is driving ${engine.paths.dataDir}; run the purge there (the console's :trunk.purge ${days}) or stop it first`);
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
    return r.ok ? 0 : 1;
  } finally {
    engine.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
