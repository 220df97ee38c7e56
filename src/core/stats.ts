/**
 * The one statistics module (issue 16): median, MAD and quantiles for detectors, RCA and evaluations alike.
 * Pure and allocation-free on the hot path: samples are copied into a reusable scratch buffer and sorted there
 * (typed-array sort is numeric; NaN sorts last), so the caller's array is never reordered.
 */

let scratch = new Float64Array(256);

function ensure(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Copies the first `n` values into the scratch buffer and sorts them (ascending). */
function sortedCopy(values: ArrayLike<number>, n: number): Float64Array {
  const s = ensure(n);
  for (let i = 0; i < n; i++) s[i] = values[i];
  return s.subarray(0, n).sort();
}

function middle(s: Float64Array): number {
  const n = s.length;
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Quantile of an ascending sample, interpolated between order statistics (type 7, R's default); NaN if empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Quantile (type 7) of the first `n` values of an unsorted sample; NaN for none. */
export function quantile(values: ArrayLike<number>, q: number, n = values.length): number {
  return quantileSorted(sortedCopy(values, n), q);
}

/** Median of the first `n` values: the middle one, or the mean of the two middle ones (even count); NaN if empty. */
export function median(values: ArrayLike<number>, n = values.length): number {
  return n === 0 ? NaN : middle(sortedCopy(values, n));
}

/**
 * The high median of the first `n` values: the upper of the two middle ones for an even count, so always a value of
 * the sample (Python's `statistics.median_high`); NaN if empty. Root-cause scoring uses it on the 3–10 rows before an
 * onset, where the mean of two middle rows is a level the service never had (its Nezha floors were measured with it).
 */
export function medianHigh(values: ArrayLike<number>, n = values.length): number {
  return n === 0 ? NaN : sortedCopy(values, n)[n >> 1];
}

/** Median absolute deviation of the first `n` values around `center` (unscaled); NaN for none. */
export function mad(values: ArrayLike<number>, center: number, n = values.length): number {
  return n === 0 ? NaN : middle(deviations(values, center, n));
}

/** MAD taken as the high median of the deviations (pairs with `medianHigh`); NaN for none. */
export function madHigh(values: ArrayLike<number>, center: number, n = values.length): number {
  return n === 0 ? NaN : deviations(values, center, n)[n >> 1];
}

function deviations(values: ArrayLike<number>, center: number, n: number): Float64Array {
  const s = ensure(n);
  for (let i = 0; i < n; i++) s[i] = Math.abs(values[i] - center);
  return s.subarray(0, n).sort();
}

/** Scale factor that makes the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** The finite values only (evaluations report over what was measured). */
export function finiteValues(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}
