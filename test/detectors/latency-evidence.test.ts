import { describe, expect, it } from 'vitest';
import type { Anomaly, FeatureWindow } from '../../src/core/index.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { MIN, T0, fw, gauss, rng } from './rows.js';

const LATENCY = ['p50Ms', 'p95Ms', 'p99Ms', 'selfMs'];

/** Feeds each window's rows as one batch (the service row first, as the aggregator closes them). */
function run(windows: FeatureWindow[][]): Anomaly[] {
  const d = createSeasonalDetector();
  return windows.flatMap((rows) => d.observe(rows));
}

interface OpShape {
  requests: number;
  p50: number;
  p95: number;
  selfMs: number;
}

/**
 * A service with a fast operation (p95 ≈ 20 ms) and a slow one (p95 ≈ 200 ms). The service-level row blends them as
 * a real aggregate would: its p95 is the slow operation's level once that carries more than 5 % of the requests,
 * its self time per request is the request-weighted mean.
 */
function twoOperations(n: number, seed: number, shape: (i: number) => { slowShare: number; slowFactor: number }): FeatureWindow[][] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const { slowShare, slowFactor } = shape(i);
    const total = 200;
    const slowN = Math.round(total * slowShare);
    const fast: OpShape = { requests: total - slowN, p50: 10 + gauss(r) * 0.5, p95: 20 + gauss(r), selfMs: 8 + gauss(r) * 0.3 };
    const slow: OpShape = { requests: slowN, p50: (150 + gauss(r) * 5) * slowFactor, p95: (200 + gauss(r) * 8) * slowFactor, selfMs: (100 + gauss(r) * 4) * slowFactor };
    const t = T0 + i * MIN;
    const row = (operation: string, o: OpShape) =>
      fw(t, { operation, requests: o.requests, p50Ms: o.p50, p95Ms: o.p95, p99Ms: o.p95 * 1.2, selfTimeMs: o.selfMs * o.requests });
    const service = fw(t, {
      requests: total,
      p50Ms: fast.p50,
      p95Ms: slowN / total > 0.05 ? slow.p95 * 0.95 : fast.p95 + 2,
      p99Ms: slow.p95,
      selfTimeMs: fast.selfMs * fast.requests + slow.selfMs * slow.requests,
    });
    return [service, row('GET /fast', fast), row('GET /slow', slow)];
  });
}

describe('latency evidence: traffic mix', () => {
  it('a shift of traffic towards the slow operation, each operation normal, raises no latency alarm', () => {
    const windows = twoOperations(160, 7, (i) => ({ slowShare: i < 120 ? 0.03 : 0.2, slowFactor: 1 }));
    // The blend really moved: the service-level p95 went from the fast level to the slow one, self time ×2.
    expect(windows[119][0].p95Ms!).toBeLessThan(30);
    expect(windows[130][0].p95Ms!).toBeGreaterThan(150);
    const latency = run(windows).filter((a) => LATENCY.includes(a.feature));
    expect(latency).toEqual([]);
  });

  it('a latency regression of one operation still alarms, on the operation and on the service', () => {
    const windows = twoOperations(160, 8, (i) => ({ slowShare: 0.1, slowFactor: i < 120 ? 1 : 3 }));
    const found = run(windows).filter((a) => LATENCY.includes(a.feature));
    const service = found.filter((a) => a.operation === '' && a.feature === 'p95Ms');
    const operation = found.filter((a) => a.operation === 'GET /slow');
    expect(service.length).toBeGreaterThan(0);
    expect(service[0].windowStart).toBe(new Date(T0 + 120 * MIN).toISOString());
    expect(operation.length).toBeGreaterThan(0);
    expect(found.filter((a) => a.operation === 'GET /fast')).toEqual([]);
  });

  it('without operation rows the service-level row alone still alarms on the same rise', () => {
    const windows = twoOperations(160, 7, (i) => ({ slowShare: i < 120 ? 0.03 : 0.2, slowFactor: 1 })).map((w) => [w[0]]);
    const found = run(windows).filter((a) => a.feature === 'p95Ms');
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('latency evidence: tail-only quantiles', () => {
  /** 30 requests a window: the p95 is the second slowest request. */
  const thirty = (n: number, seed: number, shape: (i: number) => { p50: number; p95: number } | null) => {
    const r = rng(seed);
    return Array.from({ length: n }, (_, i) => {
      const s = shape(i) ?? { p50: 40 + gauss(r), p95: 100 + 4 * gauss(r) };
      return [fw(T0 + i * MIN, { requests: 30, p50Ms: s.p50, p95Ms: s.p95, p99Ms: s.p95 * 1.2 })];
    });
  };

  it('two slow requests in 30 lift the p95 but not the median: no alarm', () => {
    const windows = thirty(150, 3, (i) => (i >= 120 && i < 130 ? { p50: 40, p95: 320 } : null));
    expect(run(windows).filter((a) => a.feature === 'p95Ms')).toEqual([]);
  });

  it('a slowdown of most requests lifts the median too: the p95 alarms from its onset', () => {
    const windows = thirty(150, 3, (i) => (i >= 120 && i < 130 ? { p50: 90, p95: 320 } : null));
    const found = run(windows).filter((a) => a.feature === 'p95Ms');
    expect(found.map((a) => a.windowStart)).toContain(new Date(T0 + 120 * MIN).toISOString());
  });

  it('with enough requests above it the p95 stands on its own', () => {
    const r = rng(4);
    const windows = Array.from({ length: 150 }, (_, i) => [
      fw(T0 + i * MIN, { requests: 400, p50Ms: 40 + gauss(r), p95Ms: i >= 120 && i < 130 ? 320 : 100 + 4 * gauss(r) }),
    ]);
    expect(run(windows).filter((a) => a.feature === 'p95Ms').length).toBeGreaterThan(0);
  });
});
