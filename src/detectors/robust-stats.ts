/** Median and MAD over small numeric samples, with a reusable scratch buffer (no allocation per call). */

let scratch = new Float64Array(256);

function ensure(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  return scratch;
}

/** Median of the first `n` scratch values (sorts them in place). */
function medianOfScratch(n: number): number {
  const s = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function median(values: ArrayLike<number>, n = values.length): number {
  if (n === 0) return NaN;
  const s = ensure(n);
  for (let i = 0; i < n; i++) s[i] = values[i];
  return medianOfScratch(n);
}

/** Median absolute deviation around `center` (unscaled). */
export function mad(values: ArrayLike<number>, center: number, n = values.length): number {
  if (n === 0) return NaN;
  const s = ensure(n);
  for (let i = 0; i < n; i++) s[i] = Math.abs(values[i] - center);
  return medianOfScratch(n);
}

/** Scale factor that makes the MAD a consistent estimator of the standard deviation for normal data. */
export const MAD_TO_SIGMA = 1.4826;
