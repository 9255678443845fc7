import type { Engine } from './engine.js';
import { errorFields } from './log.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
/** Events from other processes (a CLI command, say) reach this engine's subscribers this often. */
const EVENT_POLL_MS = 1000;

/**
 * Runs every area's loops while the engine serves a console or runs as a daemon: each on its interval, soon
 * after the events it wakes on, never while it (or a loop it is paused with) is paused, and never twice at once.
 */
export class EngineLoops {
  private timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly engine: Engine) {}

  start(): void {
    for (const { def, ctx } of this.engine.areaLoops()) {
      const every = def.every(this.engine);
      if (every === null) continue;
      const log = ctx.log.child({ loop: def.name });
      let busy = false;
      const tick = async () => {
        if (this.stopped || busy) return;
        if ([def.name, ...(def.pausedWith ?? [])].some((n) => this.engine.loops.isPaused(n))) return;
        busy = true;
        const run = def.tick(ctx).catch((err: unknown) => log.error(errorFields(err), 'loop tick failed'));
        this.running.add(run);
        try {
          await run;
        } finally {
          this.running.delete(run);
          busy = false;
        }
      };
      this.every(every, tick, def.startNow ?? false);
      if (def.wakeOn) {
        const { when, delayMs } = def.wakeOn;
        let pending = false;
        const previous = this.unsubscribe;
        const off = this.engine.events.subscribe((e) => {
          if (pending || this.stopped || !when(e)) return;
          pending = true;
          this.later(delayMs, () => {
            pending = false;
            void tick();
          });
        });
        this.unsubscribe = () => {
          previous();
          off();
        };
      }
    }
    this.every(EVENT_POLL_MS, async () => this.engine.events.poll(), false);
  }

  /** Stops scheduling, then waits for the ticks in progress (a trunk pass is stopped by closing the engine). */
  async stop(options: { wait?: boolean } = {}): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.unsubscribe();
    if (options.wait) await Promise.allSettled([...this.running]);
  }

  private every(ms: number, fn: () => Promise<void>, now: boolean): void {
    const tick = async () => {
      await fn();
      if (!this.stopped) this.later(ms, tick);
    };
    this.later(now ? 0 : ms, tick);
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    if (this.stopped) return;
    // Node fires a timer past 2^31 - 1 ms after 1 ms: an interval that long waits the longest a timer can instead.
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        if (!this.stopped) void fn();
      },
      Math.min(ms, MAX_TIMER_MS),
    ).unref();
    this.timers.add(t);
  }
}
