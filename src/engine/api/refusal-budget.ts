/**
 * How many refused commands one console may send: a bucket of `capacity` refusals, refilled at `perSecond`.
 * Past it the session answers without dispatching (and without adding to the audit trail) until it refills.
 */
export class RefusalBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity = 20,
    private readonly perSecond = 0.2,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.at = now();
  }

  /** False while the bucket is empty. */
  allows(): boolean {
    this.refill();
    return this.tokens >= 1;
  }

  /** A dispatch was refused: it costs one. */
  spend(): void {
    this.refill();
    this.tokens = Math.max(0, this.tokens - 1);
  }

  /** Seconds until the next refusal is allowed again. */
  waitSeconds(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perSecond);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.at) / 1000) * this.perSecond);
    this.at = t;
  }
}
