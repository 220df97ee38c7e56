/**
 * A bounded map made of two generations: lookups see both, writes go to the newer, and when the newer
 * fills (or, with event times, grows older than `maxAgeMs`) the older generation is dropped whole.
 * That gives expiry and a size cap in O(1) per operation; evicting the oldest entry of a single Map
 * would instead scan the deleted slots V8 leaves at its head.
 */
export class GenerationalMap<V> {
  private cur = new Map<string, V>();
  private prev = new Map<string, V>();
  private curStartMs = Infinity;

  constructor(
    private readonly generationSize: number,
    private readonly maxAgeMs = Infinity,
    private readonly onDrop?: (value: V) => void,
  ) {}

  get(k: string): V | undefined {
    const v = this.cur.get(k);
    return v !== undefined ? v : this.prev.get(k);
  }

  /** Removes and returns the entry. */
  take(k: string): V | undefined {
    let v = this.cur.get(k);
    if (v !== undefined) {
      this.cur.delete(k);
      return v;
    }
    v = this.prev.get(k);
    if (v !== undefined) this.prev.delete(k);
    return v;
  }

  /** `eventMs`: event time of the entry, for age-based rotation. */
  set(k: string, v: V, eventMs = 0): void {
    if (this.cur.size >= this.generationSize || eventMs - this.curStartMs > this.maxAgeMs) this.rotate();
    if (this.cur.size === 0) this.curStartMs = eventMs;
    this.cur.set(k, v);
  }

  delete(k: string): void {
    if (!this.cur.delete(k)) this.prev.delete(k);
  }

  get size(): number {
    return this.cur.size + this.prev.size;
  }

  /** Every entry (older generation first); deleting the visited entry while iterating is safe. */
  *entries(): IterableIterator<[string, V]> {
    yield* this.prev;
    yield* this.cur;
  }

  private rotate(): void {
    const dropped = this.prev;
    this.prev = this.cur;
    this.cur = new Map();
    if (this.onDrop !== undefined) for (const v of dropped.values()) this.onDrop(v);
  }
}
