// Duplicate spans counted once per window, callee and operation budgets with an `__other__` bucket.
import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, span } from './builders.js';

const cfg = { windowMs: MIN, allowedLatenessMs: 30_000 };

describe('duplicate spans', () => {
  it('the same batch resent 20 times gives the counts of one', () => {
    const agg = createWindowAggregator(cfg);
    const spans = [
      span({ service: 'cart', traceId: 'a'.repeat(32), spanId: '1'.repeat(16), parentSpanId: '', startMs: 1000, endMs: 1100 }),
      span({ service: 'cart', traceId: 'a'.repeat(32), spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), kind: SpanKind.CLIENT, peerService: 'pay', startMs: 1010, endMs: 1050 }),
      span({ service: 'cart', traceId: 'b'.repeat(32), spanId: '3'.repeat(16), parentSpanId: '', startMs: 2000, endMs: 2300, statusCode: 2 }),
    ];
    let duplicates = 0;
    for (let i = 0; i < 20; i++) duplicates += agg.add(batch({ spans: spans.map((s) => ({ ...s })) })).duplicateSpans;
    expect(duplicates).toBe(19 * 3);
    const closed = agg.flushAll();
    const cart = closed.features.find((w) => w.service === 'cart' && w.operation === '')!;
    expect(cart.requests).toBe(2);
    expect(cart.errors).toBe(1);
    expect(closed.edges.find((e) => e.caller === 'cart' && e.callee === 'pay')?.calls).toBe(1);
  });

  it('the same span id in another trace is a different span', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), parentSpanId: '', startMs: 10 }), span({ traceId: 'b'.repeat(32), spanId: '1'.repeat(16), parentSpanId: '', startMs: 20 })] }));
    expect(agg.flushAll().features.find((w) => w.operation === '')?.requests).toBe(2);
  });

  it('remembers at most maxSpanIds ids and frees them when the window closes', () => {
    const agg = createWindowAggregator({ ...cfg, maxSpanIds: 2 });
    const s = [1, 2, 3].map((i) => span({ parentSpanId: '', spanId: String(i).repeat(16), startMs: i }));
    agg.add(batch({ spans: s }));
    // Only the first two were remembered: the third resent counts again (best effort beyond the budget).
    expect(agg.add(batch({ spans: s.map((x) => ({ ...x })) })).duplicateSpans).toBe(2);
    expect(agg.flushAll().features.find((w) => w.operation === '')?.requests).toBe(4);
    const t = span({ parentSpanId: '', spanId: '9'.repeat(16), startMs: 5 * MIN });
    agg.add(batch({ spans: [t] }));
    expect(agg.add(batch({ spans: [{ ...t }] })).duplicateSpans).toBe(1);
  });
});

describe('cardinality budgets', () => {
  it('callees beyond maxEdges per caller window fold into __other__', () => {
    const agg = createWindowAggregator({ ...cfg, maxEdges: 3 });
    const spans = Array.from({ length: 10 }, (_, i) => span({ service: 'web', kind: SpanKind.CLIENT, peerService: `peer-${i}`, startMs: 100 + i }));
    agg.add(batch({ spans }));
    const closed = agg.flushAll();
    const callees = closed.edges.filter((e) => e.caller === 'web').map((e) => [e.callee, e.calls]);
    expect(callees.sort()).toEqual([['__other__', 7], ['peer-0', 1], ['peer-1', 1], ['peer-2', 1]]);
    expect(closed.nodes.map((n) => n.name).sort()).toEqual(['__other__', 'peer-0', 'peer-1', 'peer-2', 'web']);
  });

  it('operations beyond maxOperations per service window fold into __other__', () => {
    const agg = createWindowAggregator({ ...cfg, maxOperations: 2 });
    agg.add(batch({ spans: Array.from({ length: 6 }, (_, i) => span({ parentSpanId: '', name: `op-${i}`, startMs: i })) }));
    const ops = agg.flushAll().features.filter((w) => w.operation !== '').map((w) => [w.operation, w.requests]);
    expect(ops.sort()).toEqual([['__other__', 4], ['op-0', 1], ['op-1', 1]]);
  });
});
