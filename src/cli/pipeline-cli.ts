import type { Engine } from '../engine/engine.js';
import { ciOf } from '../engine/ci/index.js';
import type { JobRunSummary } from '../engine/ci/pool-view.js';
import { exitCodeOf } from '../engine/errors.js';
import { formatPass } from '../engine/promotions/promoter-log.js';
import type { PassReport } from '../engine/promotions/promoter.js';
import { act, leaf, withJson, type Program } from './commands.js';
import { cliActor, openEngine, type GlobalOptions } from './context.js';
import { stopSignal } from './stop-signal.js';

type Out = (line: string) => void;

export async function jobsRun(o: GlobalOptions & { job: string; hash: string }, out: Out): Promise<number> {
  const engine = openEngine(o);
  try {
    const r = await engine.dispatch({ name: 'jobs.run', args: { job: o.job, hash: o.hash } }, cliActor());
    if (!r.ok) return fail(r.message, out, o.json, exitCodeOf(r.error?.kind ?? 'internal'));
    const queued = r.data as JobRunSummary;
    if (!o.json) out(r.message);
    const run = await waitForRun(engine, queued, out, o.json);
    if (o.json) out(JSON.stringify(run, null, 2));
    else out(`${run.job} ${run.state}${run.error ? `: ${run.error}` : ''} (log ${run.log_path ?? '-'})`);
    return run.state === 'success' ? 0 : 1;
  } finally {
    await engine.close();
  }
}

/** Runs the job here when no other engine drives this data directory; otherwise waits for that one to run it. */
async function waitForRun(engine: Engine, queued: JobRunSummary, out: Out, quiet?: boolean) {
  const ci = ciOf(engine);
  const driving = engine.takeLock().ok;
  if (!driving && !quiet) out('another rdo-console drives this data directory; waiting for it to run the job');
  const job = ci.jobs.job(queued.job)!;
  const deadline = Date.now() + job.timeoutSec * 1000 + 120_000;
  for (;;) {
    const runs = ci.store.runsOf(queued.job, queued.commitHash, queued.distroHash).filter((r) => r.id >= queued.runId);
    const last = runs[runs.length - 1];
    if (last && last.state !== 'queued' && last.state !== 'running') {
      await ci.jobs.idle();
      if (driving) await ci.pool.tick();
      return last;
    }
    if (Date.now() > deadline) throw new Error(`run ${queued.runId} of ${queued.job} did not finish in time`);
    if (driving) await ci.tick();
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function promoterRun(o: GlobalOptions & { once?: boolean; dryRun?: boolean }, out: Out, signal?: AbortSignal): Promise<number> {
  const engine = openEngine(o);
  try {
    if (engine.config.pipeline.promotions.length === 0) return fail('no promotion chain configured (pipeline.yml has no promotions:)', out, o.json, 1);
    for (;;) {
      const r = await engine.dispatch({ name: 'promoter.run', args: { dryRun: Boolean(o.dryRun) } }, cliActor());
      const report = r.data as PassReport | undefined;
      if (o.json) out(JSON.stringify(report ?? r));
      else out(report ? formatPass(report).trimEnd() : r.message);
      if (!r.ok) return exitCodeOf(r.error?.kind ?? 'internal');
      if (o.once || signal?.aborted) return 0;
      await sleep(engine.config.pipeline.promoter.intervalSec * 1000, signal);
      if (signal?.aborted) return 0;
    }
  } finally {
    await engine.close();
  }
}

function fail(message: string, out: Out, json: boolean | undefined, code: number): number {
  out(json ? JSON.stringify({ ok: false, message }) : `rdo-console: ${message}`);
  return code;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** `jobs run` (waits for the verdict) and `promoter run` (loops); the other pipeline subcommands come from the areas. */
export function registerPipelineCli(p: Program): void {
  act(
    p,
    withJson(
      leaf(p, 'jobs run', 'Run a CI job on a repo hash, wait for it and exit with its verdict')
        .argument('<job>')
        .argument('<hash>', '<commit>_<distro8> or a commit hash'),
    ),
    ([job, hash], o) => jobsRun({ ...o, job: job!, hash: hash! }, p.io.out),
  );
  act(
    p,
    withJson(
      leaf(p, 'promoter run', 'Promote along the chain: one pass with --once, else a pass every interval')
        .option('--once', 'one pass, then exit')
        .option('--dry-run', 'say what would move, move nothing'),
    ),
    (_a, o) => promoterRun(o, p.io.out, o.once ? undefined : stopSignal(p.io.err)),
  );
}
