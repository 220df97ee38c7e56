import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION, type Anomaly, type FeatureWindow } from '../../src/core/index.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { MIN, T0, fw, gauss, rng } from './rows.js';

interface Leaf {
  /** Requests a minute: a low-traffic service. */
  requests: number;
  /** Log-space sd of the service's own time per request; a heavy tail adds rare ×5–50 requests. */
  sigma: number;
  heavyTail: boolean;
  /** Extra wait its callers see in minute i (a degraded interface), ms. */
  extraWire: (i: number) => number;
  /** Factor on the service's own time in minute i (its own slowdown). */
  ownFactor?: (i: number) => number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * One service with no calls of its own, built from its requests: each is answered in its own time (lognormal around
 * 20 ms) and its caller waits that plus the wire (1–3 ms, plus `extraWire`). Rows as the aggregator closes them: the
 * service, its one operation, and the callers' view (CALLERS_OPERATION).
 */
function leaf(n: number, seed: number, o: Leaf): FeatureWindow[][] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const own: number[] = [];
    const seen: number[] = [];
    for (let k = 0; k < o.requests; k++) {
      let ms = 20 * Math.exp(o.sigma * gauss(r)) * (o.ownFactor?.(i) ?? 1);
      if (o.heavyTail && r() < 0.04) ms *= 5 + 45 * r();
      own.push(ms);
      seen.push(ms + 1 + 2 * r() + o.extraWire(i) * (0.8 + 0.4 * r()));
    }
    const row = (operation: string, d: number[]): FeatureWindow => {
      const s = [...d].sort((a, b) => a - b);
      const total = d.reduce((a, b) => a + b, 0);
      return fw(T0 + i * MIN, { service: 'geocoder', operation, requests: d.length, p50Ms: quantile(s, 0.5), p95Ms: quantile(s, 0.95), p99Ms: quantile(s, 0.99), maxMs: s.at(-1)!, selfTimeMs: total });
    };
    return [row('', own), row('GET /geo', own), row(CALLERS_OPERATION, seen)];
  });
}

function run(windows: FeatureWindow[][]): Anomaly[] {
  const d = createSeasonalDetector();
  return windows.flatMap((rows) => d.observe(rows));
}

const FAULT_AT = 180;
const wireFault = (ms: number) => (i: number) => (i >= FAULT_AT && i < FAULT_AT + 20 ? ms : 0);

describe('wire time: the callers view of a service', () => {
  it('a slower wire into a low-traffic service alarms on its callers view, from the fault onset', () => {
    const windows = leaf(240, 11, { requests: 8, sigma: 0.5, heavyTail: false, extraWire: wireFault(150) });
    const found = run(windows);
    const wire = found.filter((a) => a.service === 'geocoder' && a.operation === CALLERS_OPERATION);
    expect(wire.length).toBeGreaterThanOrEqual(15);
    expect(Math.min(...wire.map((a) => Date.parse(a.windowStart)))).toBe(T0 + FAULT_AT * MIN);
    expect(wire.every((a) => a.feature === 'p50Ms' && a.direction === 'up' && a.value > a.baseline + 100)).toBe(true);
    expect(found.filter((a) => Date.parse(a.windowStart) < T0 + FAULT_AT * MIN)).toEqual([]);
    // Its own rows cannot show it (8 requests a minute, its own time unchanged): without the callers view, nothing.
    expect(run(windows.map((rows) => rows.filter((r) => r.operation !== CALLERS_OPERATION)))).toEqual([]);
  });

  it('a healthy low-traffic service with heavy-tailed latency raises no wire alarm', () => {
    for (const seed of [21, 22, 23]) {
      const windows = leaf(600, seed, { requests: 7, sigma: 1.1, heavyTail: true, extraWire: () => 0 });
      // The tail is really there: single windows whose median is several times the usual one.
      const medians = windows.map((w) => w[0].p50Ms!).sort((a, b) => a - b);
      expect(medians.at(-3)! / medians[300]).toBeGreaterThan(3);
      expect(run(windows).filter((a) => a.operation === CALLERS_OPERATION)).toEqual([]);
    }
  });

  it('a slowdown of the service itself, which its callers see too, is no wire alarm', () => {
    const windows = leaf(240, 12, { requests: 30, sigma: 0.3, heavyTail: false, extraWire: () => 0, ownFactor: (i) => (i >= FAULT_AT ? 5 : 1) });
    const found = run(windows);
    expect(found.some((a) => a.operation === '' && a.feature === 'p95Ms')).toBe(true);
    expect(found.filter((a) => a.operation === CALLERS_OPERATION)).toEqual([]);
  });
});
