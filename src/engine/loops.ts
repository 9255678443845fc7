import { appendFileSync } from 'node:fs';
import { demoCommit } from './demo/index.js';
import type { Engine } from './engine.js';
import { PipelineError } from './ci/pipeline-error.js';

const POOL_TICK_MS = 5000;

/**
 * The engine's background work when it runs for a console or as a daemon: a trunk pass every run-interval
 * (skipped while paused) and, on the demo, simulated upstream activity.
 */
export class EngineLoops {
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly engine: Engine) {}

  start(): void {
    const { trunk, demo } = this.engine.config;
    this.every(trunk['run-interval'] * 1000, () => this.trunkPass(), true);
    if (demo.activity) this.every(demo['activity-interval'] * 1000, () => this.demoActivity(), false);
    this.startPipeline();
    this.every(1000, async () => this.engine.events.poll(), false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.unsubscribePipeline();
    this.timers = [];
  }

  private every(ms: number, fn: () => Promise<void>, now: boolean): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (err) {
        this.log(err);
      }
      if (!this.stopped) this.timers.push(setTimeout(tick, ms).unref());
    };
    this.timers.push(setTimeout(tick, now ? 0 : ms).unref());
  }

  private async trunkPass(): Promise<void> {
    if (this.engine.paused.has('trunk')) return;
    await this.engine.runPass();
  }

  private unsubscribePipeline: () => void = () => undefined;
  private readonly pending = new Set<string>();

  /** Pool maintenance and job starts every few seconds and whenever something frees or queues work; a promoter pass every interval and after each vote. */
  private startPipeline(): void {
    const { pool, promotions, promoter } = this.engine.pipeline.config;
    if (pool) this.every(POOL_TICK_MS, () => this.pipelineTick(), true);
    if (promotions.length > 0) this.every(promoter.intervalSec * 1000, () => this.promoterPass(), false);
    this.unsubscribePipeline = this.engine.events.subscribe((e) => {
      if (pool && (e.type === 'job.queued' || e.type === 'job.finished' || (e.type === 'node.state' && e.payload.to === 'ready'))) this.soon('ci', 20, () => this.pipelineTick());
      if (promotions.length > 0 && e.type === 'vote.recorded' && !e.payload.inProgress) this.soon('promoter', 200, () => this.promoterPass());
    });
  }

  private soon(key: string, ms: number, fn: () => Promise<void>): void {
    if (this.stopped || this.pending.has(key)) return;
    this.pending.add(key);
    setTimeout(() => {
      this.pending.delete(key);
      if (!this.stopped) fn().catch((err) => this.log(err));
    }, ms).unref();
  }

  private async pipelineTick(): Promise<void> {
    if (this.engine.paused.has('ci')) return;
    await this.engine.pipeline.tick();
  }

  private async promoterPass(): Promise<void> {
    const promoter = this.engine.pipeline.promoter;
    if (this.engine.paused.has('promoter') || promoter.busy) return;
    try {
      promoter.runPass({ actor: 'promoter' });
    } catch (err) {
      if (!(err instanceof PipelineError && err.kind === 'conflict')) throw err;
    }
  }

  private async demoActivity(): Promise<void> {
    if (this.engine.paused.has('trunk')) return;
    const c = await demoCommit(this.engine.config);
    this.engine.events.append('demo.commit', { package: c.package, commitHash: c.commitHash, kind: c.kind });
    if (!this.engine.trunk.busy) void this.engine.runPass().catch((err) => this.log(err));
  }

  private log(err: unknown): void {
    appendFileSync(this.engine.paths.engineLog, `${new Date().toISOString()} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
}
