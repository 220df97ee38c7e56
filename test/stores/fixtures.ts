/** Fixture builders: complete, valid rows; tests override what they care about. */
import type { EdgeWindow, FeatureWindow, Incident } from '../../src/core/index.js';

/** A fixed UTC midnight so partition days and retention cut-offs are easy to reason about. */
export const DAY0 = Date.UTC(2026, 0, 10);
export const MIN = 60_000;
export const DAY = 86_400_000;

export function featureRow(o: Partial<FeatureWindow> = {}): FeatureWindow {
  return {
    service: 'checkout',
    operation: '',
    resolution: '1m',
    windowStart: DAY0,
    requests: 120,
    errors: 3,
    errorRate: 0.025,
    throughput: 2,
    p50Ms: 12.5,
    p95Ms: 40.25,
    p99Ms: 88.125,
    maxMs: 130,
    selfTimeMs: 900.5,
    sketch: new Uint8Array([10, 20, 30, 0, 255]),
    cpu: 0.42,
    memory: 0.61,
    gcMs: 7,
    poolUse: 0.3,
    logTotal: 50,
    logWarn: 4,
    logError: 2,
    ...o,
  };
}

export function edgeWindow(o: Partial<EdgeWindow> = {}): EdgeWindow {
  return {
    caller: 'frontend',
    callee: 'checkout',
    calleeKind: 'service',
    resolution: '1m',
    windowStart: DAY0,
    calls: 10,
    errors: 1,
    p50Ms: 5,
    p99Ms: 20,
    sketch: null,
    ...o,
  };
}

export function incident(o: Partial<Incident> = {}): Incident {
  const openedAt = o.openedAt ?? new Date(DAY0).toISOString();
  return {
    id: 'inc-1',
    status: 'open',
    severity: 'high',
    openedAt,
    firstAnomalyAt: openedAt,
    resolvedAt: null,
    services: ['checkout', 'payments'],
    rootCauses: [{ service: 'payments', indicator: 'latency', score: 0.8, evidence: ['p99 up 5x'] }],
    anomalies: [{ service: 'payments', operation: '', feature: 'p99Ms', windowStart: openedAt, value: 500, baseline: 90, score: 7.5, direction: 'up' }],
    timeline: [{ at: openedAt, kind: 'opened', text: 'opened by detector' }],
    ...o,
  };
}

/** One series of `count` consecutive windows. */
export function series(count: number, o: Partial<FeatureWindow> = {}, stepMs = MIN): FeatureWindow[] {
  const start = o.windowStart ?? DAY0;
  return Array.from({ length: count }, (_, i) => featureRow({ ...o, windowStart: start + i * stepMs, requests: 100 + i }));
}
