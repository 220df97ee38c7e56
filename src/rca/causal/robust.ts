/** Robust statistics for change scoring: medians, quantiles and a noise scale that never collapses to zero. */

export function finite(values: ArrayLike<number>, from = 0, to = values.length): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}

/** Linear-interpolated quantile of an unsorted sample; NaN for an empty one. */
export function quantile(sample: readonly number[], q: number): number {
  if (!sample.length) return NaN;
  const s = [...sample].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function median(sample: readonly number[]): number {
  return quantile(sample, 0.5);
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
  const m = median(sample);
  if (!Number.isFinite(m)) return { median: NaN, scale: NaN, n: 0 };
  const iqr = quantile(sample, 0.75) - quantile(sample, 0.25);
  const mad = median(sample.map((v) => Math.abs(v - m)));
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
 * Theil–Sen slope (median of pairwise slopes) of the finite points of `values[from, to)`, per sample. Robust to
 * the spikes that would tilt a least-squares line; long spans are thinned to 120 points to bound the pairs.
 */
export function theilSenSlope(values: ArrayLike<number>, from: number, to: number): number {
  const pts: [number, number][] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) if (Number.isFinite(values[i])) pts.push([i, values[i]]);
  const step = Math.max(1, Math.ceil(pts.length / 120));
  const thin = pts.filter((_, k) => k % step === 0);
  const slopes: number[] = [];
  for (let a = 0; a < thin.length; a++) for (let b = a + 1; b < thin.length; b++) slopes.push((thin[b][1] - thin[a][1]) / (thin[b][0] - thin[a][0]));
  return slopes.length ? median(slopes) : 0;
}
