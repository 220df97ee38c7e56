/**
 * DDSketch helpers: one relative accuracy (1 %) for every sketch the system writes, so any two stored
 * sketches can be merged exactly (`mergeable` compares gamma).
 */
import { DDSketch } from '@datadog/sketches-js';

export const RELATIVE_ACCURACY = 0.01;

/** The shape shared by DDSketch and what `DDSketch.fromProto` returns (a base class not exported). */
export type Sketch = Pick<DDSketch, 'accept' | 'getValueAtQuantile' | 'merge' | 'toProto' | 'count'>;

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
}

export function decodeSketch(bytes: Uint8Array): Sketch {
  return DDSketch.fromProto(bytes) as unknown as Sketch;
}

/**
 * Merges serialized sketches. Decoded sketches are merged into a decoded one: a gamma recomputed by
 * `fromProto` can differ from a fresh sketch's in the last bit, which `merge` would refuse.
 */
export function mergeSketchBytes(parts: readonly (Uint8Array | null)[]): Sketch | null {
  let acc: Sketch | null = null;
  for (const bytes of parts) {
    if (bytes === null || bytes.length === 0) continue;
    const s = decodeSketch(bytes);
    if (acc === null) acc = s;
    else acc.merge(s as DDSketch);
  }
  return acc;
}

export interface Quantiles {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** Quantiles capped at the exact maximum when known (the sketch may overshoot it by up to 1 %). */
export function quantilesOf(s: Sketch | null, maxMs: number | null): Quantiles {
  if (s === null || s.count === 0) return { p50Ms: null, p95Ms: null, p99Ms: null };
  const cap = maxMs ?? Infinity;
  const q = (p: number): number => Math.min(s.getValueAtQuantile(p), cap);
  return { p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99) };
}
