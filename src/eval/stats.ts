/** The statistics every evaluation reports (one definition of median and rates, not one per command). */

/** Median of finite numbers (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** Quantile with linear interpolation between order statistics (type 7, R's default); null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const pos = (xs.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** hits / total, with an explicit value for an empty total (recall of no faults is undefined, say which). */
export function ratio(hits: number, total: number, whenEmpty: number): number {
  return total > 0 ? hits / total : whenEmpty;
}

/** Rounds for display and JSON (the RESULT line): `digits` decimals. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
