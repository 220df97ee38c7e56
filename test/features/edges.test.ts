import { describe, expect, it } from 'vitest';
import { SpanKind } from '../../src/core/index.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, span } from './builders.js';

const cfg = { windowMs: MIN, allowedLatenessMs: 30_000 };

function client(over: Parameters<typeof span>[0]) {
  return span({ service: 'web', kind: SpanKind.CLIENT, name: 'call', ...over });
}

describe('window aggregator: edges', () => {
  it('names callees from peer.service and db attributes, and gives databases their own rows', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({
      spans: [
        client({ peerService: 'billing', startMs: 0, endMs: 20 }),
        client({ peerService: 'billing', startMs: 5, endMs: 45, statusCode: 2 }),
        client({ dbSystem: 'postgresql', dbName: 'orders', startMs: 10, endMs: 13 }),
        client({ dbSystem: 'redis', startMs: 10, endMs: 11 }),
        span({ service: 'worker', kind: SpanKind.CLIENT, dbSystem: 'postgresql', dbName: 'orders', startMs: 20, endMs: 220 }),
      ],
    }));
    const out = agg.flushAll();
    const edge = (caller: string, callee: string) => out.edges.find((e) => e.caller === caller && e.callee === callee);
    expect(edge('web', 'billing')).toMatchObject({ calls: 2, errors: 1, calleeKind: 'service' });
    expect(edge('web', 'billing')!.p50Ms).toBeCloseTo(20, -0.5);
    expect(edge('web', 'postgresql:orders')).toMatchObject({ calls: 1, calleeKind: 'database' });
    expect(edge('web', 'redis')).toMatchObject({ calls: 1, calleeKind: 'database' });
    const dbRow = out.features.find((r) => r.service === 'postgresql:orders' && r.operation === '')!;
    expect(dbRow.requests).toBe(2);
    expect(dbRow.maxMs).toBe(200);
    // billing sends nothing itself: no row of its own, only its callers' view of it (operation __callers__).
    expect(out.features.filter((r) => r.service === 'billing').map((r) => [r.operation, r.requests])).toEqual([['__callers__', 2]]);
    const kinds = Object.fromEntries(out.nodes.map((n) => [n.name, n.kind]));
    expect(kinds).toMatchObject({ web: 'service', worker: 'service', 'postgresql:orders': 'database', redis: 'database', billing: 'service' });
    expect(out.nodes.find((n) => n.name === 'postgresql:orders')!.lastSeen).toBe(20);
  });

  it('pairs client spans with the server spans they caused, in either arrival order', () => {
    const agg = createWindowAggregator(cfg);
    const c1 = client({ spanId: 'c1', startMs: 100, endMs: 180, serverAddress: '10.0.0.7' });
    const s1 = span({ service: 'cart', parentSpanId: 'c1', startMs: 110, endMs: 170 });
    const c2 = client({ spanId: 'c2', startMs: 200, endMs: 260, rpcService: 'oteldemo.CartService' });
    const s2 = span({ service: 'cart', parentSpanId: 'c2', startMs: 210, endMs: 250, statusCode: 2 });
    agg.add(batch({ spans: [c1] }));
    agg.add(batch({ spans: [s1, s2] }));
    agg.add(batch({ spans: [c2] }));
    const out = agg.flushAll();
    expect(out.edges).toHaveLength(1);
    expect(out.edges[0]).toMatchObject({ caller: 'web', callee: 'cart', calleeKind: 'service', calls: 2, errors: 0 });
    expect(out.features.some((r) => r.service === '10.0.0.7')).toBe(false);
  });

  it('never counts a call twice when it has peer attributes and a paired server span', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ service: 'cart', parentSpanId: 'c1', startMs: 110, endMs: 170 })] }));
    agg.add(batch({ spans: [client({ spanId: 'c1', peerService: 'cart', startMs: 100, endMs: 180 })] }));
    agg.add(batch({ spans: [client({ spanId: 'c2', peerService: 'cart', startMs: 300, endMs: 380 })] }));
    agg.add(batch({ spans: [span({ service: 'cart', parentSpanId: 'c2', startMs: 310, endMs: 370 })] }));
    const out = agg.flushAll();
    expect(out.edges.map((e) => [e.callee, e.calls])).toEqual([['cart', 2]]);
  });

  it('names unpaired calls from rpc.service or server.address when their window closes', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ service: 'cart', startMs: 0 })] }));
    agg.add(batch({
      spans: [
        client({ startMs: 1_000, endMs: 1_050, serverAddress: 'api.stripe.com' }),
        client({ startMs: 1_000, endMs: 1_010, serverAddress: 'cart.prod.svc.cluster.local:8080' }),
        client({ startMs: 1_000, endMs: 1_010 }),
      ],
    }));
    agg.add(batch({ spans: [client({ startMs: 2 * MIN })] }));
    const out = agg.drain();
    const byCallee = Object.fromEntries(out.edges.map((e) => [e.callee, e]));
    expect(Object.keys(byCallee).sort()).toEqual(['api.stripe.com', 'cart']);
    expect(byCallee['api.stripe.com'].calleeKind).toBe('external');
    expect(byCallee['cart'].calleeKind).toBe('service');
    const external = agg.flushAll().features.find((r) => r.service === 'api.stripe.com');
    expect(external?.requests).toBe(1);
  });

  it('does not turn an in-process client/server pair into an edge', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [client({ spanId: 'c9', startMs: 10 }), span({ service: 'web', parentSpanId: 'c9', startMs: 11 })] }));
    expect(agg.flushAll().edges).toEqual([]);
  });

  it('bounds the pending map: an evicted client falls back to its own attributes', () => {
    const agg = createWindowAggregator({ ...cfg, maxPendingCalls: 2 });
    agg.add(batch({ spans: [1, 2, 3].map((i) => client({ spanId: `c${i}`, startMs: i, serverAddress: 'ext.example' })) }));
    agg.add(batch({ spans: [span({ service: 'cart', parentSpanId: 'c1', startMs: 5 }), span({ service: 'cart', parentSpanId: 'c3', startMs: 5 })] }));
    const out = agg.flushAll();
    expect(Object.fromEntries(out.edges.map((e) => [e.callee, e.calls]))).toEqual({ 'ext.example': 2, cart: 1 });
  });
});
