/**
 * Seeded random numbers for the foreign generator (mulberry32: small, fast, and the same stream on every
 * platform). Written for this bench alone: nothing here comes from src/sim, whose independence is the point.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  normal(): number;
  /** Lognormal with the given median and log-space sigma (heavy right tail for sigma 0.6–1.0). */
  lognormal(median: number, sigma: number): number;
  /** Pareto (type I) with scale xm and shape alpha: P(X > x) = (xm / x)^alpha. */
  pareto(xm: number, alpha: number): number;
  poisson(lambda: number): number;
  chance(p: number): boolean;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** One item, picked with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  hex(bytes: number): string;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    pareto: (xm, alpha) => xm / Math.pow(1 - next(), 1 / alpha),
    poisson(lambda) {
      // Normal approximation above 30 (exact enough for request counts per minute; Knuth's loop below).
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= next();
      } while (p > l);
      return k - 1;
    },
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    hex(bytes) {
      let s = '';
      for (let i = 0; i < bytes; i++) s += Math.floor(next() * 256).toString(16).padStart(2, '0');
      return s;
    },
  };
}
