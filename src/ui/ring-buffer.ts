/** A bounded list of lines: appending past capacity drops the oldest. */
export class RingBuffer<T> {
  private items: T[] = [];
  private start = 0;
  dropped = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  push(...values: T[]): void {
    for (const v of values) {
      if (this.items.length < this.capacity) this.items.push(v);
      else {
        this.items[this.start] = v;
        this.start = (this.start + 1) % this.capacity;
        this.dropped++;
      }
    }
  }

  at(i: number): T | undefined {
    if (i < 0 || i >= this.items.length) return undefined;
    return this.items[(this.start + i) % this.items.length];
  }

  slice(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.items.length); i++) out.push(this.at(i) as T);
    return out;
  }
}
