/** Synthetic feature series for detector tests: seeded noise, one row per minute. */
import type { FeatureWindow } from '../../src/core/index.js';

export const MIN = 60_000;
export const DAY = 86_400_000;
/** A Monday 00:00 UTC, so time-of-day is easy to read. */
export const T0 = Date.UTC(2026, 0, 5);

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Approximately normal noise (sum of uniforms), mean 0, sd 1. */
export function gauss(r: () => number): number {
  return r() + r() + r() + r() + r() + r() + r() + r() + r() + r() + r() + r() - 6;
}

export function fw(windowStart: number, over: Partial<FeatureWindow> = {}): FeatureWindow {
  const requests = over.requests ?? 600;
  return {
    service: 'checkout',
    operation: '',
    resolution: '1m',
    windowStart,
    requests,
    errors: 0,
    errorRate: 0,
    throughput: requests / 60,
    p50Ms: 40,
    p95Ms: 100,
    p99Ms: 150,
    maxMs: 300,
    sketch: null,
    cpu: null,
    memory: null,
    gcMs: null,
    poolUse: null,
    logTotal: 0,
    logWarn: 0,
    logError: 0,
    ...over,
  };
}

/** p95 latency series around `level` ms with ±`sd` noise; `shape(i)` returns an override per minute. */
export function latencySeries(n: number, seed: number, shape: (i: number) => number | null = () => null, level = 100, sd = 5) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p95 = shape(i) ?? level + sd * gauss(r);
    return fw(T0 + i * MIN, { p95Ms: p95, p99Ms: p95 * 1.5 });
  });
}
