/**
 * Time-of-day profile of one series: the mean of its normal values per slot (10 min by default) over
 * the last few days, in a ring indexed by absolute slot number. Storage is small (≈2 KB for three
 * days) because detectors keep one per watched series and feature.
 */
import { median } from '../core/stats.js';

export interface ProfileShape {
  periodMs: number;
  slotMs: number;
  toleranceMs: number;
  days: number;
}

const gathered = new Float64Array(64);

export class SeasonalProfile {
  private readonly sums: Float32Array;
  private readonly counts: Uint8Array;
  private lastSlot = -Infinity;

  constructor(private readonly shape: ProfileShape) {
    const size = Math.ceil((shape.periodMs * shape.days) / shape.slotMs) + 1;
    this.sums = new Float32Array(size);
    this.counts = new Uint8Array(size);
  }

  private index(slot: number): number {
    const n = this.sums.length;
    return ((slot % n) + n) % n;
  }

  private holds(slot: number): boolean {
    return slot <= this.lastSlot && slot > this.lastSlot - this.sums.length && this.counts[this.index(slot)] > 0;
  }

  add(timeMs: number, value: number): void {
    const slot = Math.floor(timeMs / this.shape.slotMs);
    if (slot < this.lastSlot - this.sums.length + 1) return;
    if (slot > this.lastSlot) {
      const from = Math.max(this.lastSlot + 1, slot - this.sums.length + 1);
      for (let s = from; s <= slot; s++) {
        const i = this.index(s);
        this.sums[i] = 0;
        this.counts[i] = 0;
      }
      this.lastSlot = slot;
    }
    const i = this.index(slot);
    if (this.counts[i] === 255) return;
    this.sums[i] += value;
    this.counts[i]++;
  }

  /** Median of the slot means within ±tolerance of the same time on previous days; NaN with < 2 slots. */
  expected(timeMs: number): number {
    const { periodMs, slotMs, toleranceMs, days } = this.shape;
    const reach = Math.max(0, Math.floor(toleranceMs / slotMs));
    let n = 0;
    for (let d = 1; d <= days; d++) {
      const centre = Math.floor((timeMs - d * periodMs) / slotMs);
      for (let k = -reach; k <= reach && n < gathered.length; k++) {
        const slot = centre + k;
        if (!this.holds(slot)) continue;
        const i = this.index(slot);
        gathered[n++] = this.sums[i] / this.counts[i];
      }
    }
    return n >= 2 ? median(gathered, n) : NaN;
  }
}
