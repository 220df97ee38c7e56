/**
 * Where the change began. Globally: a multivariate change point — the earliest sample, within the search span
 * before the hint, from which the summed robust deviation of all series stays above what the baseline itself
 * reaches. Per node: the first post-onset sample from which one of its variables stays changed.
 */
import { quantile } from '../../core/stats.js';
import { baselineOf, finite } from './robust.js';
import type { NodeSeries } from './types.js';
import { START_Z } from './walk.js';
import type { Variable } from './variables.js';

/** Sample index of the hint: the first sample at or after it (times.length when it is past the end). */
export function indexAt(times: readonly number[], ms: number): number {
  let i = 0;
  while (i < times.length && times[i] < ms) i++;
  return i;
}

/** The estimated onset index, between hint − searchBefore and the hint. */
export function estimateOnset(nodes: readonly NodeSeries[], hint: number, searchBefore: number): number {
  const lo = Math.max(3, hint - searchBefore);
  if (searchBefore <= 0 || lo >= hint) return hint;
  const length = nodes.reduce((m, n) => Math.max(m, ...Object.values(n.metrics).map((s) => s?.length ?? 0)), 0);
  const agg = new Float64Array(length);
  for (const n of nodes) {
    for (const s of Object.values(n.metrics)) {
      if (!s) continue;
      const base = baselineOf(finite(s, 0, lo), 0.05, 1e-9);
      if (base.n < 3) continue;
      for (let t = 0; t < s.length; t++) {
        const z = Math.abs((s[t] - base.median) / base.scale);
        if (Number.isFinite(z) && z >= START_Z) agg[t] += Math.min(z, 10);
      }
    }
  }
  const threshold = Math.max(2 * quantile(Array.from(agg.subarray(0, lo)), 0.95), START_Z);
  for (let t = lo; t < hint; t++) {
    let sustained = true;
    for (let s = t; s <= Math.min(hint, length - 1) && sustained; s++) sustained = agg[s] > threshold;
    if (sustained) return t;
  }
  return hint;
}

/** First index ≥ onset from which one of the variables is ≥ START_Z for two samples in a row (or at the end). */
export function nodeOnset(vars: readonly Variable[], onset: number, length: number): number | undefined {
  for (let t = onset; t < length; t++) {
    for (const v of vars) {
      const now = v.zt[t];
      const next = t + 1 < length ? v.zt[t + 1] : now;
      if (now >= START_Z && next >= START_Z) return t;
    }
  }
  return undefined;
}
