import { join } from 'node:path';
import type { EventLog } from '../../store/db/event-log.js';
import { PipelineStore } from '../../store/db/pipeline-store.js';
import type { Db } from '../../store/db/db.js';
import type { PipelineConfig } from '../config/pipeline.js';
import { JobScheduler } from './jobs.js';
import { LocalProvider } from './local-provider.js';
import { Pool } from './pool.js';
import type { NodeProvider } from './provider.js';

export interface PipelinePaths {
  dataDir: string;
  reposDir: string;
  logsDir: string;
}

/** The CI area while the engine is open: the pool, job runs and their votes. */
export class CiRuntime {
  readonly store: PipelineStore;
  readonly pool: Pool;
  readonly jobs: JobScheduler;
  private readonly unsubscribe: () => void;
  /** True while the database is a replica's: its runs are queued by the primary, so nothing is queued here. */
  following: () => boolean = () => false;

  constructor(
    readonly config: PipelineConfig,
    db: Db,
    readonly events: EventLog,
    readonly paths: PipelinePaths,
    baseurl: string,
    provider: NodeProvider = new LocalProvider(join(paths.dataDir, 'nodes')),
  ) {
    this.store = new PipelineStore(db);
    this.pool = new Pool(this.store, events, provider, config.pool);
    this.jobs = new JobScheduler({
      store: this.store,
      events,
      pool: this.pool,
      jobs: config.jobs,
      reposDir: paths.reposDir,
      jobLogsDir: join(paths.logsDir, 'jobs'),
      baseurl,
    });
    // Queueing is a database write, so it happens in whichever process moves the link; runs start in the one that drives the pool.
    this.unsubscribe = events.subscribe((e) => {
      if (e.type === 'link.moved' && !this.following()) this.jobs.onLinkMoved(e.payload.name, e.payload.to);
    });
  }

  /** After an unclean stop (call while holding the data directory's lock). */
  recover(): void {
    this.jobs.recover();
    this.pool.recover();
    this.jobs.catchUp();
  }

  /** Pool maintenance, then start what can start. */
  async tick(): Promise<number> {
    await this.pool.tick();
    return this.jobs.tick();
  }

  /** Stops the job runs (left for recovery) and the pool's upkeep, so the store can close under nothing. */
  async close(): Promise<void> {
    this.unsubscribe();
    await this.jobs.stop();
    await this.pool.stop();
  }
}
