/**
 * Personalized PageRank on the explanation graph: a walker starts at changed variables (in proportion to how
 * much they changed), follows "is explained by" links in proportion to the share explained, and stays where the
 * change is the variable's own. Mass collects at the causes — the random walk on the reversed causal graph of
 * MicroCause/CloudRanger, with the regression shares as edge weights.
 */
import type { Explanation } from './attribution.js';
import type { Variable } from './variables.js';

/** A variable starts the walk only from this many noise scales of change. */
export const START_Z = 3;
/** Caps how much a single huge change can dominate the start vector. */
const Z_CAP = 100;
const DAMPING = 0.85;
const ITERATIONS = 100;

/** Stationary mass per variable id (sums to 1), or an empty map when nothing changed. */
export function walk(vars: readonly Variable[], explained: ReadonlyMap<string, Explanation>): Map<string, number> {
  const index = new Map(vars.map((v, i) => [v.id, i]));
  const start = new Float64Array(vars.length);
  let total = 0;
  vars.forEach((v, i) => {
    // Squared: a few strong changes outweigh many faint ones (a daily trend nudges every series a little).
    if (v.z >= START_Z) total += start[i] = Math.min(v.z, Z_CAP) ** 2;
  });
  if (total <= 0) return new Map();
  for (let i = 0; i < start.length; i++) start[i] /= total;
  const links = vars.map((v) => {
    const e = explained.get(v.id);
    return (e?.shares ?? []).map((s) => [index.get(s.to.id) as number, s.share] as const).filter(([j]) => j !== undefined);
  });
  let pi = Float64Array.from(start);
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(vars.length);
    for (let i = 0; i < vars.length; i++) {
      const m = pi[i];
      if (m === 0) continue;
      let moved = 0;
      for (const [j, share] of links[i]) {
        next[j] += DAMPING * m * share;
        moved += share;
      }
      // What no parent explains stays: the variable is (partly) its own cause.
      next[i] += DAMPING * m * (1 - moved);
    }
    let diff = 0;
    for (let i = 0; i < next.length; i++) {
      next[i] += (1 - DAMPING) * start[i];
      diff += Math.abs(next[i] - pi[i]);
    }
    pi = next;
    if (diff < 1e-10) break;
  }
  return new Map(vars.map((v, i) => [v.id, pi[i]]));
}
