/** What evaluations report besides the median and quantiles (those are src/core/stats.ts, shared with the code). */

/** A statistic of no values (NaN from src/core/stats.ts) as null, for reports and JSON. */
export function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
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
