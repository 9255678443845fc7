import { repoHashOf } from '../trunk/hashed-path.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import type { JobRunRow, NodeRow, PipelineStore, RepoRef } from '../../store/db/pipeline-store.js';
import type { JobConfig } from '../config/pipeline.js';
import type { JobEnvName } from '../config/pipeline-schema.js';
import { listComponentLinks } from '../trunk/components.js';
import { listLinks } from '../trunk/links.js';
import { EngineError } from '../errors.js';
import type { Pool } from './pool.js';
import { ENGINE_VOTER, recordVote } from './votes.js';
import { jobLogUrl } from './log-url.js';

export interface JobsContext {
  store: PipelineStore;
  events: EventLog;
  pool: Pool;
  jobs: readonly JobConfig[];
  reposDir: string;
  /** Job logs go to `<jobLogsDir>/<run id>/job.log`. */
  jobLogsDir: string;
  baseurl: string;
}

/** A job that loses its node this many times in a row votes failure instead of being retried. */
const MAX_ATTEMPTS = 2;

/**
 * Job runs: queued when a trigger label moves to a new hash, run on ready nodes of the pool, voted on by exit
 * status (in progress while they run).
 */
export class JobScheduler {
  private readonly running = new Map<number, Promise<void>>();

  /**
   * Why a job's run on a repo is still needed by something else (a promotion target waiting for that vote), or
   * null; such a run is never superseded. Set by the promotions area.
   */
  needed: (job: string, repoPath: string) => string | null = () => null;
  private stopping = false;

  constructor(private readonly ctx: JobsContext) {}

  get active(): number {
    return this.running.size;
  }

  job(name: string): JobConfig | undefined {
    return this.ctx.jobs.find((j) => j.name === name);
  }

  /**
   * Queues each engine job that `label` triggers for the repo it now points at (once per job and hash). A
   * component's link (`component/<name>/consistent`) triggers the jobs of its own name.
   */
  onLinkMoved(label: string, path: string): JobRunRow[] {
    const name = label.startsWith('component/') ? label.slice(label.lastIndexOf('/') + 1) : label;
    const triggered = this.ctx.jobs.filter((j) => j.trigger === name && !j.external);
    if (triggered.length === 0) return [];
    const repo = this.ctx.store.repoByPath(path);
    if (!repo || repo.build_status !== 'SUCCESS' || repo.purged_at !== null) return [];
    const fresh = triggered.filter((j) => this.ctx.store.runsOf(j.name, repo.commit_hash, repo.distro_hash).length === 0);
    for (const j of fresh) this.supersede(j.name, label, repo.path);
    return fresh.map((j) => this.enqueue(j, repo, label, 1));
  }

  /**
   * A label that moved on makes its older hashes' runs that have not started yet pointless: they are dropped,
   * unless a promotion still needs their vote.
   */
  private supersede(job: string, label: string, newPath: string): void {
    for (const run of this.ctx.store.runsIn('queued')) {
      if (run.job === job && run.trigger === label && run.repo_path !== newPath && this.needed(job, run.repo_path) === null) {
        this.drop(run, 'superseded', `superseded: ${label} moved to ${repoHashOf(newPath)} before it started`);
      }
    }
  }

  /** Queues what the trigger labels' current targets should have run (after a stop, or a config change). */
  catchUp(): void {
    for (const [label, path] of [...listLinks(this.ctx.reposDir), ...listComponentLinks(this.ctx.reposDir)]) this.onLinkMoved(label, path);
  }

  /**
   * Queues `job` on `repo` for `why` unless it already has a run there that was not superseded; returns the run
   * queued, or null. A job nothing triggers any more, or an external one, is left alone.
   */
  ensure(name: string, repo: RepoRef, why: string): JobRunRow | null {
    const job = this.job(name);
    if (!job || job.external || !this.ctx.pool.settings) return null;
    if (repo.build_status !== 'SUCCESS' || repo.purged_at !== null) return null;
    const runs = this.ctx.store.runsOf(name, repo.commit_hash, repo.distro_hash);
    if (runs.some((r) => r.state !== 'superseded')) return null;
    return this.enqueue(job, repo, why, 1);
  }

  /** An operator's re-run: queued even when the job already ran on the hash. */
  rerun(name: string, repo: RepoRef): JobRunRow {
    const job = this.job(name);
    if (!job) throw new EngineError('not-found', `no job named ${JSON.stringify(name)} in pipeline.yml`);
    if (job.external) throw new EngineError('bad-request', `${name} is an external job; its votes come through the API`);
    if (!this.ctx.pool.settings) throw new EngineError('conflict', 'no pool is configured (pipeline.yml has no pool:), so no job can run');
    if (!this.ctx.pool.accepting) throw new EngineError('conflict', 'the pool is drained (max-servers: 0): no job can run until max-servers is raised');
    if (repo.build_status !== 'SUCCESS') throw new EngineError('bad-request', `${repo.path} is not a SUCCESS build`);
    if (repo.purged_at !== null) throw new EngineError('gone', `${repo.path} was purged`);
    return this.enqueue(job, repo, 'manual', 1);
  }

  /**
   * Kills the runs in progress and waits for them, recording nothing of them: they stay `running` for the next
   * start's recovery to queue again (as after kill -9).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ctx.pool.provider.stopAll();
    await this.idle();
  }

  /** Starts queued runs on ready nodes, oldest first; does not wait for them to finish. */
  tick(): number {
    if (this.stopping) return 0;
    let started = 0;
    for (const run of this.ctx.store.runsIn('queued')) {
      if (this.ctx.pool.settings && !this.ctx.pool.accepting) {
        this.drop(run, 'error', 'declined: the pool is drained (max-servers: 0)');
        continue;
      }
      const job = this.job(run.job);
      if (!job || job.external) {
        this.drop(run, 'error', `job ${run.job} is no longer configured`);
        continue;
      }
      const node = this.ctx.pool.acquire(job.node ?? '', run.id);
      if (!node) continue;
      const logPath = join(this.ctx.jobLogsDir, String(run.id), 'job.log');
      if (!this.ctx.store.startRun(run.id, node.id, logPath, Date.now())) {
        this.ctx.pool.release(node.id);
        continue;
      }
      const p = this.execute(this.ctx.store.run(run.id)!, job, node).finally(() => this.running.delete(run.id));
      this.running.set(run.id, p);
      started++;
    }
    return started;
  }

  /** Waits for every run started so far. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** After an unclean stop, runs marked running have no process behind them: queue them again. */
  recover(): void {
    for (const run of this.ctx.store.runsIn('running')) {
      if (this.running.has(run.id)) continue;
      this.ctx.store.finishRun(run.id, 'error', Date.now(), null, 'interrupted (engine stopped mid-job)');
      const repo = this.ctx.store.repoByPath(run.repo_path);
      const job = this.job(run.job);
      if (repo && job) this.enqueue(job, repo, run.trigger, run.attempt);
    }
  }

  /** Ends a run that never started, and says so. */
  private drop(run: JobRunRow, state: 'error' | 'superseded', error: string): void {
    this.ctx.store.finishRun(run.id, state, Date.now(), null, error);
    this.ctx.events.append('job.finished', {
      runId: run.id,
      job: run.job,
      commitHash: run.commit_hash,
      distroHash: run.distro_hash,
      state,
      exitCode: null,
      error,
      durationMs: 0,
    });
  }

  private enqueue(job: JobConfig, repo: RepoRef, trigger: string, attempt: number): JobRunRow {
    const run = this.ctx.store.queueRun(
      {
        job: job.name,
        commit_hash: repo.commit_hash,
        distro_hash: repo.distro_hash,
        extended_hash: repo.extended_hash,
        repo_path: repo.path,
        trigger,
        attempt,
      },
      Date.now(),
    );
    this.ctx.events.append('job.queued', {
      runId: run.id,
      job: job.name,
      commitHash: run.commit_hash,
      distroHash: run.distro_hash,
      repoPath: run.repo_path,
      trigger,
      attempt,
    });
    return run;
  }

  private async execute(run: JobRunRow, job: JobConfig, node: NodeRow): Promise<void> {
    const { store, events, pool } = this.ctx;
    const started = Date.now();
    const logPath = run.log_path!;
    mkdirSync(join(logPath, '..'), { recursive: true });
    events.append('job.started', {
      runId: run.id,
      job: job.name,
      commitHash: run.commit_hash,
      distroHash: run.distro_hash,
      node: node.name,
      attempt: run.attempt,
      logPath,
    });
    const vote = (success: boolean, inProgress: boolean, notes: string) =>
      recordVote(store, events, {
        commitHash: run.commit_hash,
        distroHash: run.distro_hash,
        extendedHash: run.extended_hash,
        ciName: job.name,
        success,
        inProgress,
        url: jobLogUrl(this.ctx.baseurl, this.ctx.jobLogsDir, logPath),
        notes,
        user: ENGINE_VOTER,
        jobRunId: run.id,
      });
    vote(false, true, `running on ${node.name}`);
    const env = this.envOf(run, job, node);
    let result;
    try {
      result = await pool.provider.run(node.name, { argv: job.argv.map((a) => fill(a, env)), env, timeoutMs: job.timeoutSec * 1000, logFile: logPath });
    } catch (err) {
      result = { exitCode: null, timedOut: false, lost: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (this.stopping) return;
    const finish = (state: 'success' | 'failure' | 'error', error: string | null) => {
      store.finishRun(run.id, state, Date.now(), result.exitCode, error);
      events.append('job.finished', {
        runId: run.id,
        job: job.name,
        commitHash: run.commit_hash,
        distroHash: run.distro_hash,
        state,
        exitCode: result.exitCode,
        error,
        durationMs: Date.now() - started,
      });
    };
    if (result.lost) {
      await pool.deleteNode(node.name, 'lost during a job').catch(() => undefined);
      finish('error', result.error);
      const repo = store.repoByPath(run.repo_path);
      if (run.attempt < MAX_ATTEMPTS && repo) this.enqueue(job, repo, run.trigger, run.attempt + 1);
      else vote(false, false, `${result.error ?? 'node lost'} (attempt ${run.attempt} of ${MAX_ATTEMPTS})`);
      return;
    }
    pool.release(node.id);
    const success = result.exitCode === 0 && !result.timedOut && result.error === null;
    finish(success ? 'success' : 'failure', success ? null : (result.error ?? `exited ${result.exitCode}`));
    vote(success, false, success ? 'passed' : (result.error ?? `exited ${result.exitCode}`));
  }

  private envOf(run: JobRunRow, job: JobConfig, node: NodeRow): Record<JobEnvName, string> {
    return {
      REPO_PATH: join(this.ctx.reposDir, run.repo_path),
      REPO_URL: `${this.ctx.baseurl.replace(/\/$/, '')}/${run.repo_path}`,
      COMMIT_HASH: run.commit_hash,
      DISTRO_HASH: run.distro_hash,
      EXTENDED_HASH: run.extended_hash ?? '',
      JOB_NAME: job.name,
      NODE_WORKSPACE: node.workspace ?? '',
    };
  }
}

/** `${NAME}` → the job's value (names were checked when pipeline.yml was loaded). */
function fill(arg: string, env: Record<string, string>): string {
  return arg.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => env[name] ?? '');
}
