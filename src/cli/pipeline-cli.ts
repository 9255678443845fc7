import type { Engine } from '../engine/engine.js';
import { repoHashOf } from '../engine/trunk/hashed-path.js';
import { formatPass } from '../engine/promotions/promoter-log.js';
import type { PassReport } from '../engine/promotions/promoter.js';
import { resolveRepoHash } from '../engine/promotions/repo-ref.js';
import type { JobRunRow } from '../store/pipeline-store.js';
import { cliActor, openEngine, UsageError, type GlobalOptions } from './context.js';
import { ago, textTable } from './table.js';

type Out = (line: string) => void;

export function poolList(o: GlobalOptions, out: Out): number {
  return withEngine(o, (engine) => {
    const { store } = engine.pipeline;
    const nodes = store.nodes().map((n) => {
      const run = n.job_run_id === null ? undefined : store.run(n.job_run_id);
      return { ...n, job: run ? { runId: run.id, job: run.job, repoHash: repoHashOf(run.repo_path) } : null };
    });
    if (o.json) out(JSON.stringify({ pool: engine.pipeline.config.pool, nodes }, null, 2));
    else if (!engine.pipeline.config.pool && nodes.length === 0) out('no pool configured (pipeline.yml has no pool:)');
    else
      out(
        textTable(
          ['NODE', 'STATE', 'SINCE', 'AGE', 'JOB', 'NOTE'],
          nodes.map((n) => [n.name, n.state, ago(n.state_at), ago(n.created_at).replace(' ago', ''), n.job ? `${n.job.job} ${n.job.repoHash.slice(0, 17)}` : '-', n.hold_reason ?? n.error ?? '']),
        ),
      );
    return 0;
  });
}

export async function jobsRun(o: GlobalOptions & { job?: string; hash?: string }, out: Out): Promise<number> {
  if (!o.job || !o.hash) throw new UsageError('jobs run needs JOB and HASH');
  const engine = openEngine(o);
  try {
    const r = await engine.dispatch({ name: 'jobs.run', args: { job: o.job, hash: o.hash } }, cliActor());
    if (!r.ok) return fail(r.message, out, o.json);
    const queued = r.data as JobRunRow;
    if (!o.json) out(r.message);
    const run = await waitForRun(engine, queued, out, o.json);
    if (o.json) out(JSON.stringify(run, null, 2));
    else out(`${run.job} ${run.state}${run.error ? `: ${run.error}` : ''} (log ${run.log_path ?? '-'})`);
    return run.state === 'success' ? 0 : 1;
  } finally {
    engine.close();
  }
}

/** Runs the job here when no other engine drives this data directory; otherwise waits for that one to run it. */
async function waitForRun(engine: Engine, queued: JobRunRow, out: Out, quiet?: boolean): Promise<JobRunRow> {
  const { pipeline } = engine;
  const driving = engine.takeTrunk().ok;
  if (!driving && !quiet) out('another rdo-console drives this data directory; waiting for it to run the job');
  const job = pipeline.jobs.job(queued.job)!;
  const deadline = Date.now() + job.timeoutSec * 1000 + 120_000;
  for (;;) {
    const run = pipeline.store.runsOf(queued.job, queued.commit_hash, queued.distro_hash).filter((r) => r.id >= queued.id);
    const last = run[run.length - 1];
    if (last && last.state !== 'queued' && last.state !== 'running') {
      await pipeline.jobs.idle();
      if (driving) await pipeline.pool.tick();
      return last;
    }
    if (Date.now() > deadline) throw new Error(`run ${queued.id} of ${queued.job} did not finish in time`);
    if (driving) await pipeline.tick();
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function votesList(o: GlobalOptions & { hash?: string }, out: Out): number {
  if (!o.hash) throw new UsageError('votes needs a HASH');
  return withEngine(o, (engine) => {
    const repo = resolveRepoHash(engine.pipeline.store, o.hash!);
    const votes = engine.pipeline.store.votesOn(repo.commit_hash, repo.distro_hash);
    if (o.json) {
      out(JSON.stringify({ repo_hash: repoHashOf(repo.path), commit_hash: repo.commit_hash, distro_hash: repo.distro_hash, votes }, null, 2));
      return 0;
    }
    out(`votes on ${repoHashOf(repo.path)}`);
    out(
      textTable(
        ['JOB', 'RESULT', 'WHEN', 'USER', 'NOTES', 'URL'],
        votes.map((v) => [v.ci_name, v.ci_in_progress ? 'IN PROGRESS' : v.ci_vote ? 'SUCCESS' : 'FAILURE', ago(v.timestamp), v.user, v.notes, v.ci_url]),
      ),
    );
    return 0;
  });
}

export async function promoteCli(o: GlobalOptions & { hash?: string; label?: string }, out: Out): Promise<number> {
  if (!o.hash || !o.label) throw new UsageError('promote needs HASH and LABEL');
  const engine = openEngine(o);
  try {
    const r = await engine.dispatch({ name: 'promote', args: { hash: o.hash, label: o.label } }, cliActor());
    out(o.json ? JSON.stringify(r) : r.message);
    return r.ok ? 0 : 1;
  } finally {
    engine.close();
  }
}

export function promotionsList(o: GlobalOptions, out: Out): number {
  return withEngine(o, (engine) => {
    const rows = engine.pipeline.store.promotions({ limit: 100 });
    if (o.json) out(JSON.stringify(rows, null, 2));
    else
      out(
        textTable(
          ['WHEN', 'LABEL', 'REPO HASH', 'PREVIOUS', 'BY'],
          rows.map((p) => [new Date(p.timestamp).toISOString().replace(/\.\d+Z$/, 'Z'), p.promote_name, repoHashOf(p.repo_path), p.previous_path ? repoHashOf(p.previous_path) : '-', p.user]),
        ),
      );
    return 0;
  });
}

export async function promoterRun(o: GlobalOptions & { once?: boolean; dryRun?: boolean }, out: Out, signal?: AbortSignal): Promise<number> {
  const engine = openEngine(o);
  try {
    if (engine.pipeline.config.promotions.length === 0) return fail('no promotion chain configured (pipeline.yml has no promotions:)', out, o.json);
    for (;;) {
      const r = await engine.dispatch({ name: 'promoter.run', args: { dryRun: Boolean(o.dryRun) } }, cliActor());
      const report = r.data as PassReport | undefined;
      if (o.json) out(JSON.stringify(report ?? r));
      else out(report ? formatPass(report).trimEnd() : r.message);
      if (!r.ok) return 1;
      if (o.once || signal?.aborted) return 0;
      await sleep(engine.pipeline.config.promoter.intervalSec * 1000, signal);
      if (signal?.aborted) return 0;
    }
  } finally {
    engine.close();
  }
}

function withEngine(o: GlobalOptions, fn: (engine: Engine) => number): number {
  const engine = openEngine(o);
  try {
    return fn(engine);
  } finally {
    engine.close();
  }
}

function fail(message: string, out: Out, json?: boolean): number {
  out(json ? JSON.stringify({ ok: false, message }) : `rdo-console: ${message}`);
  return 1;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** Routes the pipeline subcommands; null when `positionals` names none of them. */
export async function pipelineRoute(
  positionals: readonly string[],
  flags: { once?: boolean; dryRun?: boolean },
  o: GlobalOptions,
  out: Out,
  signal: () => AbortSignal,
): Promise<number | null> {
  const [area, action, ...rest] = positionals;
  const args = (n: number, from: readonly (string | undefined)[], what: string): (string | undefined)[] => {
    if (from.length > n) throw new UsageError(`unexpected argument ${JSON.stringify(from[n])} for "${what}"`);
    return [...from];
  };
  switch (area) {
    case 'pool':
      if (action !== 'list') throw new UsageError(`unknown command "${positionals.join(' ')}"; try rdo-console pool list`);
      args(0, rest, 'pool list');
      return poolList(o, out);
    case 'jobs': {
      if (action !== 'run') throw new UsageError(`unknown command "${positionals.join(' ')}"; try rdo-console jobs run JOB HASH`);
      const [job, hash] = args(2, rest, 'jobs run');
      return jobsRun({ ...o, job, hash }, out);
    }
    case 'votes':
      args(1, positionals.slice(1), 'votes');
      return votesList({ ...o, hash: action }, out);
    case 'promote': {
      const [hash, label] = args(2, positionals.slice(1), 'promote');
      return promoteCli({ ...o, hash, label }, out);
    }
    case 'promotions':
      args(0, positionals.slice(1), 'promotions');
      return promotionsList(o, out);
    case 'promoter':
      if (action !== 'run') throw new UsageError(`unknown command "${positionals.join(' ')}"; try rdo-console promoter run`);
      args(0, rest, 'promoter run');
      return promoterRun({ ...o, once: flags.once, dryRun: flags.dryRun }, out, flags.once ? undefined : signal());
    default:
      return null;
  }
}
