import { describe, expect, it } from 'vitest';
import { rankCausal } from '../../src/rca/causal/rank-causal.js';
import { CaseBuilder, ONSET_MS, PRE, steady, T0 } from './causal-fixtures.js';

/** gateway → checkout → {payments → payments-db, inventory} */
function shop(b: CaseBuilder, faults: Record<string, Parameters<typeof steady>[2]> = {}, db: Parameters<CaseBuilder['node']>[2] = {}): CaseBuilder {
  return b
    .node('gateway', 'service', steady(80, 20, faults.gateway))
    .node('checkout', 'service', steady(50, 10, faults.checkout))
    .node('payments', 'service', steady(20, 10, faults.payments))
    .node('inventory', 'service', steady(15, 10, faults.inventory))
    .node('payments-db', 'database', { 'latency-50': { before: 2 }, 'latency-99': { before: 6 }, workload: { before: 30 }, error: { before: 0.0005, noise: 0.5 }, ...db })
    .call('gateway', 'checkout')
    .call('checkout', 'payments')
    .call('checkout', 'inventory')
    .call('payments', 'payments-db');
}

describe('rankCausal', () => {
  it('names a service whose own work slowed, and how much of its callers’ latency it explains', () => {
    const input = shop(new CaseBuilder(1), {
      payments: { 'latency-50': { before: 20, after: 120 }, 'client-latency-50': { before: 21, after: 121 }, selftime: { before: 10, after: 110 } },
      checkout: { 'latency-50': { before: 50, after: 150 }, 'client-latency-50': { before: 51, after: 151 } },
      gateway: { 'latency-50': { before: 80, after: 180 } },
    }).build();
    const r = rankCausal(input);
    expect(r.causes[0]).toMatchObject({ service: 'payments', faultType: 'latency', indicator: 'latency' });
    expect(r.causes[0].evidence[0]).toMatch(/^p50 of payments \d+(\.\d+)? ms → \d+(\.\d+)? ms \(\d+(\.\d)?×\) from 10:00$/);
    expect(r.causes[0].evidence.join('\n')).toMatch(/explains \d+% of the extra p50 of checkout \(\+\d+/);
    expect(r.causes[0].evidence.join('\n')).toMatch(/self time per request .* → .*: the added latency is spent in payments itself/);
    expect(r.onsetMs).toBe(ONSET_MS);
  });

  it('names a slow database that has no telemetry of its own from its callers’ client spans', () => {
    const input = shop(new CaseBuilder(2), {
      payments: { 'latency-50': { before: 20, after: 76 }, 'client-latency-50': { before: 21, after: 77 }, pool: { before: 0.3, after: 0.9 } },
      checkout: { 'latency-50': { before: 50, after: 106 } },
    }, { 'latency-50': { before: 2, after: 30 }, 'latency-99': { before: 6, after: 90 } }).build();
    const r = rankCausal(input);
    expect(r.causes[0]).toMatchObject({ service: 'payments-db', faultType: 'database', indicator: 'database' });
    expect(r.causes[0].evidence.join('\n')).toMatch(/explains \d+% of the extra (p50|connection pool use) of payments/);
  });

  it('names the service whose errors its dependencies do not explain', () => {
    const input = shop(new CaseBuilder(3), {
      inventory: { error: { before: 0.001, after: 0.3, noise: 0.1 } },
      checkout: { error: { before: 0.001, after: 0.15, noise: 0.1 } },
      gateway: { error: { before: 0.001, after: 0.07, noise: 0.1 } },
    }).build();
    expect(rankCausal(input).causes[0]).toMatchObject({ service: 'inventory', faultType: 'errors' });
  });

  it('calls a saturated cpu with flat traffic a cpu fault, and a surge that its callers did not send traffic', () => {
    const cpu = shop(new CaseBuilder(4), {
      checkout: { cpu: { before: 0.4, after: 0.97, noise: 0.02 }, 'latency-50': { before: 50, after: 150 }, selftime: { before: 25, after: 125 } },
      gateway: { 'latency-50': { before: 80, after: 180 } },
    }).build();
    expect(rankCausal(cpu).causes[0]).toMatchObject({ service: 'checkout', faultType: 'cpu', indicator: 'saturation' });

    const surge = shop(new CaseBuilder(5), {
      checkout: { workload: { before: 10, after: 40 }, cpu: { before: 0.3, after: 0.9, noise: 0.02 }, 'latency-50': { before: 50, after: 90 } },
      payments: { workload: { before: 10, after: 40 }, cpu: { before: 0.35, after: 0.6, noise: 0.02 } },
      inventory: { workload: { before: 10, after: 40 } },
      gateway: { 'latency-50': { before: 80, after: 120 } },
    }).build();
    const r = rankCausal(surge);
    expect(r.causes[0]).toMatchObject({ service: 'checkout', faultType: 'traffic', indicator: 'traffic' });
    expect(r.causes[0].evidence.join('\n')).toMatch(/explains \d+% of the extra traffic of (payments|inventory)/);
  });

  it('reads a cpu that doubles with its traffic as load, not a cpu fault, in a window too short to fit', () => {
    // 4 rows before the onset and 3 after (too few for a regression): cpu moves in proportion to its traffic.
    const s = (...v: number[]) => Float64Array.from(v);
    const r = rankCausal({
      times: [0, 1, 2, 3, 4, 5, 6].map((i) => i * 60_000),
      nodes: [{ name: 'web', kind: 'service', metrics: { workload: s(10, 10.2, 9.8, 10.1, 20, 20.2, 20), cpu: s(20, 20.4, 19.6, 20.2, 40, 40.4, 40), 'latency-90': s(100, 101, 99, 100, 100, 101, 100) } }],
      edges: [],
      onsetHintMs: 4 * 60_000,
    });
    expect(r.causes[0]).toMatchObject({ service: 'web', faultType: 'traffic' });
    expect(r.causes[0].evidence.join('\n')).not.toMatch(/cpu/);
  });

  it('calls a delay between callers and a service with unchanged server spans a network fault', () => {
    const input = shop(new CaseBuilder(6), {
      payments: { 'client-latency-50': { before: 21, after: 221 } },
      checkout: { 'latency-50': { before: 50, after: 250 } },
      gateway: { 'latency-50': { before: 80, after: 280 } },
    }).build();
    const top = rankCausal(input).causes[0];
    expect(top).toMatchObject({ service: 'payments', faultType: 'network', indicator: 'network' });
    expect(top.evidence.join('\n')).toMatch(/calls into payments take .* at its callers while its server spans take .*: the delay is on the network/);
  });

  it('calls growing memory with rising gc time a memory fault', () => {
    const input = shop(new CaseBuilder(7), {
      inventory: {
        mem: { before: 300e6, after: (k) => 300e6 * (1 + 0.15 * (k + 1)), noise: 0.01 },
        gc: { before: 20, after: (k) => 20 * (1 + 0.5 * (k + 1)) },
        'latency-50': { before: 15, after: (k) => 15 * (1 + 0.05 * (k + 1) ** 2) },
      },
    }).build();
    expect(rankCausal(input).causes[0]).toMatchObject({ service: 'inventory', faultType: 'memory' });
  });

  it('walks a graph with cycles once and still finds the cause', () => {
    const input = shop(new CaseBuilder(8), {
      inventory: { 'latency-50': { before: 15, after: 95 }, selftime: { before: 7, after: 87 } },
      checkout: { 'latency-50': { before: 50, after: 130 } },
    })
      .call('inventory', 'checkout')
      .call('payments', 'gateway')
      .build();
    expect(rankCausal(input).causes[0]?.service).toBe('inventory');
  });

  it('answers in words, not exceptions, for empty, flat and out-of-range input', () => {
    expect(rankCausal({ times: [], nodes: [], edges: [], onsetHintMs: ONSET_MS })).toEqual({ causes: [], reason: 'no samples in the window' });
    const flat = shop(new CaseBuilder(9)).build();
    expect(rankCausal(flat)).toMatchObject({ causes: [], reason: 'nothing changed beyond its noise after the onset' });
    expect(rankCausal({ ...flat, onsetHintMs: T0 + 200 * 60_000 }).reason).toBe('no samples after the onset');
    expect(rankCausal({ ...flat, onsetHintMs: T0 }).reason).toMatch(/only 0 sample\(s\) before the onset/);
    expect(rankCausal({ ...flat, onsetHintMs: NaN }).reason).toBe('no onset time given');
    // Edges to nodes without data and self-loops are ignored.
    const odd = shop(new CaseBuilder(10), { payments: { error: { before: 0.001, after: 0.4, noise: 0.1 } } }).call('payments', 'nowhere').call('checkout', 'checkout').build();
    expect(rankCausal(odd).causes[0]?.service).toBe('payments');
  });

  it('does not turn a constant series into an infinite score (a plain IQR scaler would)', () => {
    const input = shop(new CaseBuilder(11), {
      payments: { pool: { before: 0.5, after: 0.5001, noise: 0 }, error: { before: 0.001, after: 0.4, noise: 0.1 } },
    }).build();
    const r = rankCausal(input);
    expect(r.causes.every((c) => Number.isFinite(c.score) && c.score >= 0 && c.score <= 1)).toBe(true);
    expect(r.causes[0]?.service).toBe('payments');
  });

  it('finds an onset a few windows before a late hint', () => {
    const input = shop(new CaseBuilder(12), {
      payments: { error: { before: 0.001, after: 0.4, noise: 0.1 } },
      checkout: { error: { before: 0.001, after: 0.2, noise: 0.1 } },
    }).build({ onsetHintMs: ONSET_MS + 2 * 60_000, onsetSearchBefore: 3 });
    const r = rankCausal(input);
    expect(r.onsetMs).toBe(T0 + PRE * 60_000);
    expect(r.causes[0]?.service).toBe('payments');
  });
});
