import { beforeAll, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../src/core/index.js';
import { matchFaultPattern, scorePattern } from '../../../src/decision/engine/fault-pattern-match.js';
import { scopesOf } from '../../../src/decision/engine/scopes.js';
import { FaultPatternSchema, type FaultPattern } from '../../../src/decision/knowledge-schema.js';
import { loadKnowledge } from '../../../src/stores/knowledge-fs/load-knowledge.js';
import { anomaly, graph, incident } from './builders.js';

const classify = (patterns: readonly FaultPattern[], root: { service: string; indicator: string }, anomalies: Anomaly[]) => {
  const inc = incident(root, anomalies);
  return matchFaultPattern(patterns, inc, scopesOf(inc, graph()), 0.5);
};

describe('fault patterns of knowledge/ classify each simulator fault', () => {
  let patterns: FaultPattern[];
  beforeAll(async () => {
    patterns = (await loadKnowledge('knowledge')).faultPatterns;
  });

  it('covers every simulator fault kind', () => {
    expect(new Set(patterns.map((p) => p.fault))).toEqual(new Set(['latency', 'errors', 'cpu', 'memory', 'db']));
  });

  it.each([
    ['latency', { service: 'cart', indicator: 'latency' }, [anomaly('cart', 'p99Ms', 800, 100), anomaly('cart', 'p95Ms', 500, 90), anomaly('api', 'p99Ms', 900, 300)], 'latency-spike'],
    ['errors', { service: 'cart', indicator: 'errors' }, [anomaly('cart', 'errorRate', 0.3, 0.01), anomaly('cart', 'logError', 50, 1)], 'error-burst'],
    ['cpu', { service: 'cart', indicator: 'saturation' }, [anomaly('cart', 'cpu', 0.97, 0.35), anomaly('cart', 'p99Ms', 300, 120)], 'cpu-saturation'],
    ['memory', { service: 'cart', indicator: 'memory' }, [anomaly('cart', 'memory', 1800, 600), anomaly('cart', 'gcMs', 90, 20)], 'memory-leak'],
    ['db', { service: 'orders-db', indicator: 'database' }, [anomaly('orders', 'p99Ms', 1500, 200), anomaly('orders', 'poolUse', 0.95, 0.4)], 'db-slowdown'],
    ['latency blamed on the wrong indicator', { service: 'cart', indicator: 'traffic' }, [anomaly('cart', 'p99Ms', 800, 100)], 'unknown'],
    ['memory indicator without memory growth', { service: 'cart', indicator: 'memory' }, [anomaly('cart', 'gcMs', 90, 20)], 'unknown'],
  ] as const)('%s → %s', (_, root, anomalies, want) => {
    expect(classify(patterns, root, [...anomalies]).id).toBe(want);
  });
});

describe('scorePattern', () => {
  const pattern = FaultPatternSchema.parse({
    id: 'p',
    description: 'd',
    fault: 'latency',
    root: { indicators: ['latency'], nodeKind: 'service' },
    signature: [
      { feature: 'p99Ms', direction: 'up', minRatio: 2, weight: 2, required: true },
      { feature: 'throughput', direction: 'down', minRatio: 2 },
      { feature: 'p99Ms', direction: 'up', on: 'callers', minRatio: 1.5, weight: 0.5 },
    ],
  });
  const score = (root: { service: string; indicator: string }, anomalies: Anomaly[]) => {
    const inc = incident(root, anomalies);
    return scorePattern(pattern, inc, scopesOf(inc, graph())).score;
  };
  const W = 2 + 1 + 0.5;

  it.each([
    ['all entries', [anomaly('cart', 'p99Ms', 400, 100), anomaly('cart', 'throughput', 10, 30), anomaly('api', 'p99Ms', 300, 100)], W / W],
    ['required only', [anomaly('cart', 'p99Ms', 400, 100)], 2 / W],
    ['required + callers', [anomaly('cart', 'p99Ms', 400, 100), anomaly('api', 'p99Ms', 300, 100)], 2.5 / W],
    ['throughput down by less than minRatio', [anomaly('cart', 'p99Ms', 400, 100), anomaly('cart', 'throughput', 20, 30)], 2 / W],
    ['throughput moving up does not count as down', [anomaly('cart', 'p99Ms', 400, 100), anomaly('cart', 'throughput', 90, 30)], 2 / W],
    ['required below its ratio', [anomaly('cart', 'p99Ms', 150, 100), anomaly('cart', 'throughput', 10, 30)], 0],
    ['a caller anomaly is not a root anomaly', [anomaly('api', 'p99Ms', 900, 100)], 0],
  ])('%s', (_, anomalies, want) => {
    expect(score({ service: 'cart', indicator: 'latency' }, anomalies)).toBeCloseTo(want, 12);
  });

  it('gates on the root indicator and node kind', () => {
    const a = [anomaly('cart', 'p99Ms', 400, 100)];
    expect(score({ service: 'cart', indicator: 'errors' }, a)).toBe(0);
    expect(score({ service: 'orders-db', indicator: 'latency' }, [anomaly('orders-db', 'p99Ms', 400, 100)])).toBe(0);
  });
});
