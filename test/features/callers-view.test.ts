import { describe, expect, it } from 'vitest';
import { CALLERS_OPERATION, SpanKind } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, span } from './builders.js';

const cfg = { windowMs: MIN, allowedLatenessMs: 30_000 };

function client(over: Parameters<typeof span>[0]) {
  return span({ service: 'web', kind: SpanKind.CLIENT, name: 'call', ...over });
}

describe('window aggregator: the callers view of a service', () => {
  it('gives a called service a row of its calls as the client spans measured them, beside its own rows', () => {
    const agg = createWindowAggregator(cfg);
    // Two calls into cart: paired by parent span id (client first, then server first) and one named by peer.service.
    // Each client span lasts 100 ms longer than the server span it caused: the wire.
    agg.add(batch({
      spans: [
        client({ spanId: 'c1', startMs: 1_000, endMs: 1_130 }),
        span({ service: 'cart', parentSpanId: 'c1', startMs: 1_010, endMs: 1_040 }),
        span({ service: 'cart', parentSpanId: 'c2', startMs: 2_010, endMs: 2_050, statusCode: 2 }),
        client({ spanId: 'c2', startMs: 2_000, endMs: 2_150, statusCode: 2 }),
        span({ service: 'cart', parentSpanId: 'c3', startMs: 3_010, endMs: 3_030 }),
        client({ spanId: 'c3', peerService: 'cart', startMs: 3_000, endMs: 3_120 }),
      ],
    }));
    const out = agg.flushAll();
    const own = out.features.find((r) => r.service === 'cart' && r.operation === '')!;
    const callers = out.features.find((r) => r.service === 'cart' && r.operation === CALLERS_OPERATION)!;
    expect(own).toMatchObject({ requests: 3, errors: 1, maxMs: 40 });
    expect(callers).toMatchObject({ requests: 3, errors: 1, maxMs: 150, windowStart: 0 });
    expect(callers.p50Ms).toBeCloseTo(130, -0.5);
    // The callers' row is not one of the service's operations and the caller gets none.
    expect(out.features.filter((r) => r.service === 'cart').map((r) => r.operation).sort()).toEqual(['', 'GET /', CALLERS_OPERATION].sort());
    expect(out.features.some((r) => r.service === 'web' && r.operation === CALLERS_OPERATION)).toBe(false);
  });

  it('a window only the callers touched closes with the callers row alone, and moves no clock of the service', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ service: 'cart', startMs: 0 })] }));
    // A caller far ahead of cart: its calls must not close cart's open window (cart's own span at 30 s still counts).
    agg.add(batch({ spans: [client({ peerService: 'cart', startMs: 5 * MIN, endMs: 5 * MIN + 50 }), span({ service: 'web', startMs: 5 * MIN })] }));
    const drained = agg.drain();
    expect(drained.features.filter((r) => r.service === 'cart')).toEqual([]);
    expect(agg.add(batch({ spans: [span({ service: 'cart', startMs: 30_000 })] })).spans).toBe(0);
    const out = agg.flushAll();
    const cart = out.features.filter((r) => r.service === 'cart').map((r) => [r.windowStart, r.operation, r.requests]);
    expect(cart.sort()).toEqual([[0, '', 2], [0, 'GET /', 2], [5 * MIN, CALLERS_OPERATION, 1]].sort());
  });
});
