import { describe, expect, it } from 'vitest';
import type { Anomaly, FeatureWindow, RootCause, ServiceGraph } from '../../src/core/index.js';
import { RCA_WEIGHTS, rankRootCausesV0, type RcaInput } from '../../src/rca/rank-v0.js';
import { anomaly, graph, window } from '../decision/builders.js';

const rank = (g: ServiceGraph, anomalies: Anomaly[], windows?: FeatureWindow[]): RootCause[] =>
  rankRootCausesV0({ services: [...new Set(anomalies.map((a) => a.service))], anomalies, graph: g, windows });

const p99 = (service: string, minute: number, baseline: number, value: number, score = 8) =>
  anomaly(service, minute, { feature: 'p99Ms', baseline, value, score });
const feature = (f: Anomaly['feature'], service: string, minute: number, baseline: number, value: number, score = 8) =>
  anomaly(service, minute, { feature: f, baseline, value, score });

function expectWellFormed(causes: RootCause[]) {
  for (const c of causes) {
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    expect(c.evidence.length).toBeGreaterThan(0);
  }
  const scores = causes.map((c) => c.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}

describe('rankRootCausesV0 scenarios', () => {
  it('latency in a leaf with its callers slowed a window or two later', () => {
    const g = graph('web>cart', 'cart>pricing', 'web>search', 'pricing>rates-cache:database');
    const causes = rank(g, [p99('pricing', 0, 42, 310, 12), p99('cart', 1, 60, 330, 14), p99('web', 2, 90, 400, 9), p99('pricing', 1, 42, 360, 13)]);
    expectWellFormed(causes);
    expect(causes.map((c) => c.service)).toEqual(['pricing', 'cart', 'web']);
    expect(causes[0].indicator).toBe('latency');
    expect(causes[0].evidence).toContain('p99 of pricing 42 ms → 360 ms (8.6×) from 10:30');
    expect(causes[0].evidence).toContain('first anomalous at 10:30, 1 window before its callers cart, web');
    expect(causes[0].evidence).toContain('no anomalous downstream dependency');
    expect(causes[1].evidence.some((e) => e.startsWith('calls anomalous pricing (from 10:30): likely a victim'))).toBe(true);
    expect(causes[0].score - causes[1].score).toBeGreaterThan(0.2);
  });

  it('a slow database with its own telemetry outranks its two slowed callers', () => {
    const g = graph('gateway>orders', 'gateway>stock', 'orders>orders-db:database', 'stock>orders-db:database');
    const causes = rank(g, [p99('orders-db', 3, 4, 90, 10), p99('orders', 3, 20, 160, 9), p99('stock', 3, 15, 120, 11), p99('gateway', 4, 40, 220, 8)]);
    expectWellFormed(causes);
    expect(causes[0]).toMatchObject({ service: 'orders-db', indicator: 'database' });
    expect(causes[0].evidence).toContain('first anomalous at 10:33, same window as its callers orders, stock; before gateway (from 10:34)');
    expect(causes.slice(1).map((c) => c.service).sort()).toEqual(['gateway', 'orders', 'stock']);
  });

  it('a database without telemetry is inferred from two callers that slowed together', () => {
    const g = graph('edge>ledger', 'edge>billing', 'ledger>pg-main:database', 'billing>pg-main:database', 'billing>fx:external');
    const causes = rank(g, [p99('ledger', 0, 20, 180, 9), p99('billing', 0, 30, 240, 10), p99('edge', 1, 60, 300, 7)]);
    expectWellFormed(causes);
    expect(causes[0]).toMatchObject({ service: 'pg-main', indicator: 'database' });
    expect(causes[0].evidence[0]).toBe('database pg-main has no telemetry of its own; 2 anomalous caller(s) depend on it: billing, ledger');
    expect(causes[0].evidence).toContain('p99 of billing 30 ms → 240 ms (8.0×) from 10:30');
    expect(causes.map((c) => c.service)).not.toContain('fx');
  });

  it('one caller of a database: flat self time points at the database, rising self time at the caller', () => {
    const g = graph('portal>profile', 'profile>mongo:database');
    const anomalies = [p99('profile', 5, 25, 250, 11), p99('portal', 6, 50, 290, 8)];
    const before = [0, 1, 2, 3, 4].flatMap((m) => [window('profile', m), window('portal', m)]);
    const during = (selfPerRequest: number) => [5, 6].map((m) => window('profile', m, { selfTimeMs: 600 * selfPerRequest }));

    const flat = rank(g, anomalies, [...before, ...during(5.2)]);
    expect(flat[0]).toMatchObject({ service: 'mongo', indicator: 'database' });
    expect(flat[0].evidence.some((e) => e.includes('profile flat: the added latency was spent waiting on mongo'))).toBe(true);
    expect(flat.find((c) => c.service === 'profile')?.evidence).toContain(
      'self time per request of profile 5 ms → 5.2 ms (1.0×): flat, the added latency is spent in its dependencies',
    );

    const busy = rank(g, anomalies, [...before, ...during(40)]);
    expect(busy.map((c) => c.service)).toEqual(['profile', 'portal']);
    expect(busy[0].evidence).toContain('self time per request of profile 5 ms → 40 ms (8.0×)');

    const unknown = rank(g, anomalies);
    expect(unknown[0].service).toBe('profile');
  });

  it('errors propagated up a chain point at the deepest failing service', () => {
    const g = graph('edge>api', 'api>accounts', 'accounts>ledger-svc', 'ledger-svc>kafka:external');
    const err = (s: string, m: number, v: number, score: number) => feature('errorRate', s, m, 0.001, v, score);
    const anomalies = [err('ledger-svc', 2, 0.4, 14), err('accounts', 2, 0.35, 12), err('api', 3, 0.3, 15), err('edge', 3, 0.25, 10)];
    const windows = [0, 1, 2, 3].flatMap((m) =>
      ['ledger-svc', 'accounts', 'api', 'edge'].map((s, i) => window(s, m, { errors: m < 2 ? 1 : [240, 210, 180, 150][i] })),
    );
    const causes = rank(g, anomalies, windows);
    expectWellFormed(causes);
    expect(causes.map((c) => c.service)).toEqual(['ledger-svc', 'accounts', 'api', 'edge']);
    expect(causes[0].indicator).toBe('errors');
    expect(causes[0].evidence).toContain('error rate of ledger-svc 0.1% → 40.0% (400×) from 10:32');
    expect(causes[0].evidence).toContain('first anomalous at 10:32, same window as its callers accounts; before api, edge (from 10:33)');
    expect(causes[0].evidence.find((e) => e.includes('of the errors added'))).toMatch(/^\d+% of the errors added across the incident's services \(\d+ of \d+\)$/);
  });

  it('cpu saturation: the saturated service, indicator saturation, with its latency as support', () => {
    const g = graph('shop>recommender', 'shop>inventory', 'recommender>feature-store:external');
    const causes = rank(g, [
      feature('cpu', 'recommender', 10, 0.3, 0.98, 15),
      p99('recommender', 10, 50, 200, 10),
      p99('shop', 11, 80, 260, 9),
    ]);
    expect(causes[0]).toMatchObject({ service: 'recommender', indicator: 'saturation' });
    expect(causes[0].evidence[0]).toBe('cpu of recommender 30% → 98% (3.3×) from 10:40');
    expect(causes[0].evidence).toContain('also p99 50 ms → 200 ms from 10:40');
    expect(causes[1].service).toBe('shop');
  });

  it('a connection pool exhausted is saturation too', () => {
    const g = graph('bff>catalog', 'catalog>pg:database');
    const causes = rank(g, [feature('poolUse', 'catalog', 0, 0.4, 1, 9), p99('catalog', 0, 30, 900, 20), p99('bff', 0, 60, 950, 18)]);
    expect(causes[0]).toMatchObject({ service: 'catalog', indicator: 'saturation' });
  });

  it('memory leak: memory rises first, gc and latency follow, callers later', () => {
    const GiB = 2 ** 30;
    const g = graph('portal>auth', 'auth>session-store', 'portal>content');
    const causes = rank(g, [
      feature('memory', 'session-store', 0, 0.4 * GiB, 1.8 * GiB, 9),
      feature('memory', 'session-store', 1, 0.4 * GiB, 2.1 * GiB, 11),
      feature('gcMs', 'session-store', 2, 5, 80, 7),
      p99('session-store', 3, 10, 60, 6),
      p99('auth', 3, 30, 120, 8),
      p99('portal', 4, 70, 210, 7),
    ]);
    expect(causes.map((c) => c.service)).toEqual(['session-store', 'auth', 'portal']);
    expect(causes[0].indicator).toBe('memory');
    expect(causes[0].evidence[0]).toBe('memory of session-store 410 MiB → 2.10 GiB (5.3×) from 10:30');
    expect(causes[0].evidence).toContain('first anomalous at 10:30, 3 windows before its callers auth, portal');
  });

  it('a traffic surge in a caller that overloads its callee ranks the caller first', () => {
    const g = graph('ingest>parser');
    const causes = rank(g, [feature('throughput', 'ingest', 0, 50, 400, 12), p99('parser', 1, 30, 200, 12)]);
    expect(causes[0]).toMatchObject({ service: 'ingest', indicator: 'traffic' });
    expect(causes[0].evidence).toContain('anomalous downstream started later: parser (from 10:31)');
  });

  it('a cycle in the graph terminates and still ranks by onset', () => {
    const g = graph('a>b', 'b>c', 'c>a', 'c>c');
    const causes = rank(g, [p99('b', 1, 10, 90), p99('a', 2, 10, 90), p99('c', 0, 10, 90)]);
    expectWellFormed(causes);
    expect(causes).toHaveLength(3);
    expect(causes[0].service).toBe('c');
    expect(causes.find((c) => c.service === 'b')?.evidence).toContain('first anomalous at 10:31, after its callers c (from 10:30)');
  });

  it('empty, unknown or malformed input returns []', () => {
    expect(rank(graph(), [])).toEqual([]);
    expect(rankRootCausesV0({} as RcaInput)).toEqual([]);
    expect(rankRootCausesV0(undefined as unknown as RcaInput)).toEqual([]);
    const bad = { services: ['x'], anomalies: [{ service: 'x', windowStart: 'not a date' }], graph: undefined } as unknown as RcaInput;
    expect(rankRootCausesV0(bad)).toEqual([]);
  });

  it('works without a graph: a single service is its own root with full position score', () => {
    const causes = rankRootCausesV0({ services: ['solo'], anomalies: [p99('solo', 0, 10, 50)], graph: undefined as unknown as ServiceGraph });
    expect(causes).toHaveLength(1);
    // Full position, onset and magnitude; self time unknown counts half.
    const expected = RCA_WEIGHTS.position + RCA_WEIGHTS.onset + RCA_WEIGHTS.magnitude + RCA_WEIGHTS.own / 2;
    expect(causes[0]).toMatchObject({ service: 'solo', indicator: 'latency' });
    expect(causes[0].score).toBeCloseTo(expected, 3);
  });
});
