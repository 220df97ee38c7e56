/**
 * Robust statistics for change scoring: baselines and a noise scale that never collapses to zero. Median and
 * quantiles come from the one statistics module, src/core/stats.ts.
 */
import { median, quantileSorted } from '../../core/stats.js';

export function finite(values: ArrayLike<number>, from = 0, to = values.length): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

export interface Baseline {
  median: number;
  /** Noise scale: the larger of IQR/1.349, 1.4826·MAD and the metric's floor. */
  scale: number;
  n: number;
}

/**
 * Baseline of a pre-change sample. The floor keeps a flat series (constant cpu, zero errors) from turning any
 * wiggle into an infinite score — the failure mode of a plain IQR scaler on near-constant columns.
 */
export function baselineOf(sample: readonly number[], relFloor: number, absFloor: number): Baseline {
  const sorted = Float64Array.from(sample).sort();
  const m = quantileSorted(sorted, 0.5);
  if (!Number.isFinite(m)) return { median: NaN, scale: NaN, n: 0 };
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const mad = quantileSorted(sorted.map((v) => Math.abs(v - m)).sort(), 0.5);
  const scale = Math.max(iqr / 1.349, 1.4826 * mad, relFloor * Math.abs(m), absFloor);
  return { median: m, scale, n: sample.length };
}

/** The k-th largest value (1-based) of a sample; the largest when the sample is shorter. */
export function kthLargest(sample: readonly number[], k: number): number {
  if (!sample.length) return NaN;
  const s = [...sample].sort((a, b) => b - a);
  return s[Math.min(s.length - 1, Math.max(0, k - 1))];
}

/**
 * Slope per sample of Tukey's resistant line through the finite points of `values[from, to)`: the line through
 * the medians of the first and last thirds. As robust to spikes as Theil–Sen for a trend, in O(n log n) instead of
 * O(n²) — a 200-service graph has a couple of thousand series to detrend per ranking.
 */
export function resistantSlope(values: ArrayLike<number>, from: number, to: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    if (!Number.isFinite(values[i])) continue;
    xs.push(i);
    ys.push(values[i]);
  }
  const third = Math.floor(xs.length / 3);
  if (third < 2) return 0;
  const dx = median(xs.slice(-third)) - median(xs.slice(0, third));
  return dx > 0 ? (median(ys.slice(-third)) - median(ys.slice(0, third))) / dx : 0;
}

/**
 * Noise of a request rate from counting alone (Poisson; per second, counted over `stepSec`): the least a quiet
 * service's rate wanders — 0.2 → 0.3 req/s on a service that sees 18 requests a minute is chance.
 */
export function countNoise(rate: number, stepSec: number): number {
  return Number.isFinite(rate) && rate > 0 && stepSec > 0 ? Math.sqrt(rate * stepSec) / stepSec : 0;
}
