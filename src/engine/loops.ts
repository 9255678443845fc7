import { appendFileSync } from 'node:fs';
import { demoCommit } from './demo/index.js';
import type { Engine } from './engine.js';

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
    this.every(1000, async () => this.engine.events.poll(), false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
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
