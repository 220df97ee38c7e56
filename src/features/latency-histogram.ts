/**
 * A compact, allocation-light latency histogram for open windows. It uses DDSketch's own bucket keys
 * (logarithmic mapping, 1 % accuracy), so the DDSketch built when the window closes is exactly the one
 * a DDSketch fed the same values would be. Storage adapts to the series:
 * - few requests: the keys themselves, in a small Int16Array (2 bytes per request);
 * - past `SPARSE_MAX` requests: dense bins over the key range actually seen (2 bytes per bucket,
 *   widened to 4 if one bucket passes 65 535), instead of DDSketch's chunks of 128 doubles.
 * That keeps an open series well under 2 KB even when its latencies span several decades.
 */
import { newSketch, type Sketch } from './sketch-codec.js';

const MAPPING = newSketch().mapping;
const MIN_POSITIVE = MAPPING.minPossible;
const SPARSE_MAX = 128;
const SLACK = 4;
const KEY_LIMIT = 32_767;

export class LatencyHistogram {
  count = 0;
  sum = 0;
  max = 0;
  zeros = 0;
  private nKeys = 0;
  private keys: Int16Array | null = null;
  private offset = 0;
  private bins: Uint16Array | Uint32Array | null = null;

  record(ms: number): void {
    const v = ms > 0 ? ms : 0;
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    if (v <= MIN_POSITIVE) {
      this.zeros++;
      return;
    }
    const key = Math.max(-KEY_LIMIT, Math.min(KEY_LIMIT, MAPPING.key(v)));
    if (this.bins !== null) {
      this.addDense(key, 1);
      return;
    }
    let keys = this.keys;
    if (keys === null || this.nKeys === keys.length) {
      if (keys !== null && keys.length >= SPARSE_MAX) {
        this.densify();
        this.addDense(key, 1);
        return;
      }
      const next = new Int16Array(keys === null ? 8 : keys.length * 2);
      if (keys !== null) next.set(keys);
      this.keys = keys = next;
    }
    keys[this.nKeys++] = key;
  }

  private densify(): void {
    const keys = this.keys as Int16Array;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.nKeys; i++) {
      if (keys[i] < lo) lo = keys[i];
      if (keys[i] > hi) hi = keys[i];
    }
    this.offset = lo - SLACK;
    const bins = new Uint16Array(hi - lo + 2 * SLACK + 1);
    for (let i = 0; i < this.nKeys; i++) bins[keys[i] - this.offset]++;
    this.bins = bins;
    this.keys = null;
    this.nKeys = 0;
  }

  private addDense(key: number, n: number): void {
    let bins = this.bins as Uint16Array | Uint32Array;
    const i = key - this.offset;
    if (i < 0 || i >= bins.length) {
      const lo = Math.min(this.offset, key - SLACK);
      const hi = Math.max(this.offset + bins.length, key + SLACK + 1);
      const next = bins instanceof Uint16Array ? new Uint16Array(hi - lo) : new Uint32Array(hi - lo);
      next.set(bins, this.offset - lo);
      this.offset = lo;
      this.bins = bins = next;
    }
    const j = key - this.offset;
    if (bins[j] + n > 0xffff && bins instanceof Uint16Array) this.bins = bins = Uint32Array.from(bins);
    bins[j] += n;
  }

  /** The DDSketch with exactly these bucket counts (mergeable with any sketch of the codec). */
  toSketch(): Sketch | null {
    if (this.count === 0) return null;
    const s = newSketch();
    const bins = this.bins;
    if (bins !== null) {
      for (let i = 0; i < bins.length; i++) if (bins[i] > 0) s.store.add(this.offset + i, bins[i]);
    }
    const keys = this.keys;
    if (keys !== null) {
      const sorted = keys.subarray(0, this.nKeys).sort();
      for (let i = 0; i < sorted.length; ) {
        let j = i + 1;
        while (j < sorted.length && sorted[j] === sorted[i]) j++;
        s.store.add(sorted[i], j - i);
        i = j;
      }
    }
    s.zeroCount = this.zeros;
    s.count = this.count;
    s.sum = this.sum;
    s.max = this.max;
    return s as unknown as Sketch;
  }
}
