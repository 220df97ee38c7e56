import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/index.js';
import { bucketStart, rollupEdges, rollupWindows } from '../../src/features/rollup.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, metric, span } from './builders.js';

function fiveMinutes() {
  const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 0 });
  const all: number[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let m = 0; m < 5; m++) {
    const spans = [];
    for (let i = 0; i < 300; i++) {
      const d = m === 3 ? 200 + rand() * 800 : 5 + rand() * 50;
      all.push(d);
      const t = 10 * MIN + m * MIN + i * 100;
      spans.push(span({ startMs: t, endMs: t + d, statusCode: i % 50 === 0 ? 2 : 0 }));
      spans.push(span({ kind: SpanKind.CLIENT, peerService: 'db', startMs: t, endMs: t + d / 2 }));
    }
    agg.add(batch({ spans, metrics: [metric({ timeMs: 10 * MIN + m * MIN, value: 0.1 * (m + 1) })] }));
  }
  return { out: agg.flushAll(), all: all.sort((a, b) => a - b) };
}

describe('rollups', () => {
  it('aligns buckets to the resolution', () => {
    expect(bucketStart(7 * MIN + 5, '5m')).toBe(5 * MIN);
    expect(bucketStart(61 * MIN, '1h')).toBe(60 * MIN);
  });

  it('rolls five 1m rows into one 5m row: counts add, quantiles come from the merged sketch', () => {
    const { out, all } = fiveMinutes();
    const minuteRows = out.features.filter((r) => r.operation === '' && r.service === 'api');
    expect(minuteRows).toHaveLength(5);
    const [r] = rollupWindows(minuteRows, '5m');
    expect(r).toMatchObject({ resolution: '5m', windowStart: 10 * MIN, requests: 1500, errors: 30 });
    expect(r.throughput).toBeCloseTo(1500 / 300);
    for (const [q, v] of [[0.5, r.p50Ms], [0.95, r.p95Ms], [0.99, r.p99Ms]] as const) {
      const exact = all[Math.floor(q * (all.length - 1))];
      expect(Math.abs(v! - exact) / exact).toBeLessThan(0.01 + 1e-9);
    }
    expect(r.maxMs).toBe(all[all.length - 1]);
    expect(r.cpu).toBeCloseTo(0.3);
    expect(r.gcMs).toBeNull();
  });

  it('rolls edges up with calls added and merged latency', () => {
    const { out } = fiveMinutes();
    const edges = rollupEdges(out.edges, '5m');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ caller: 'api', callee: 'db', calls: 1500, resolution: '5m' });
    expect(edges[0].p99Ms!).toBeGreaterThan(edges[0].p50Ms!);
  });

  it('keeps series apart and re-rolls 5m rows into 1h', () => {
    const { out } = fiveMinutes();
    const fives = rollupWindows(out.features, '5m');
    expect(new Set(fives.map((r) => `${r.service}/${r.operation}`)).size).toBe(fives.length);
    const hour = rollupWindows(fives.filter((r) => r.service === 'api' && r.operation === ''), '1h');
    expect(hour[0].requests).toBe(1500);
  });
});
