import { describe, expect, it } from 'vitest';
import { SpanKind, type FeatureWindow } from '../../src/core/index.js';
import { decodeSketch } from '../../src/features/sketch-codec.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, batch, log, span } from './builders.js';

const cfg = { windowMs: MIN, allowedLatenessMs: 30_000 };
const row = (rows: FeatureWindow[], service: string, operation = '', windowStart?: number) =>
  rows.find((r) => r.service === service && r.operation === operation && (windowStart === undefined || r.windowStart === windowStart));

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('window aggregator: requests', () => {
  it('counts server, consumer and root spans as requests, per service and per operation', () => {
    const agg = createWindowAggregator(cfg);
    const durations: number[] = [];
    const spans = [];
    for (let i = 0; i < 200; i++) {
      const d = 1 + ((i * 37) % 400) * 1.5;
      durations.push(d);
      spans.push(span({ name: i % 2 ? 'GET /a' : 'GET /b', startMs: 1000 + i, endMs: 1000 + i + d, statusCode: i % 10 === 0 ? 2 : 0 }));
    }
    spans.push(span({ kind: SpanKind.INTERNAL, startMs: 2000, endMs: 2500 }));
    spans.push(span({ kind: SpanKind.CLIENT, startMs: 2000, endMs: 2500, peerService: 'db' }));
    spans.push(span({ kind: SpanKind.SERVER, startMs: 3000, endMs: 3001, httpStatus: 503, name: 'GET /a' }));
    durations.push(1);
    spans.push(span({ kind: SpanKind.CONSUMER, startMs: 3000, endMs: 3001, name: 'consume' }));
    durations.push(1);
    spans.push(span({ kind: SpanKind.INTERNAL, parentSpanId: '', startMs: 3000, endMs: 3001, name: 'cron' }));
    durations.push(1);
    agg.add(batch({ spans }));
    const out = agg.flushAll();
    const all = row(out.features, 'api')!;
    expect(all.requests).toBe(203);
    expect(all.errors).toBe(21);
    expect(all.errorRate).toBeCloseTo(21 / 203);
    expect(all.throughput).toBeCloseTo(203 / 60);
    const sorted = [...durations].sort((a, b) => a - b);
    for (const [q, v] of [[0.5, all.p50Ms], [0.95, all.p95Ms], [0.99, all.p99Ms]] as const) {
      expect(Math.abs(v! - exactQuantile(sorted, q)) / exactQuantile(sorted, q)).toBeLessThan(0.011);
    }
    expect(all.maxMs).toBe(sorted[sorted.length - 1]);
    expect(decodeSketch(all.sketch!).count).toBe(203);
    expect(row(out.features, 'api', 'GET /a')!.requests).toBe(101);
    expect(row(out.features, 'api', 'GET /a')!.errors).toBe(1);
    expect(row(out.features, 'api', 'GET /b')!.errors).toBe(20);
    expect(row(out.features, 'api', 'consume')!.requests).toBe(1);
    expect(row(out.features, 'api', 'cron')!.requests).toBe(1);
  });

  it('computes self time by subtracting direct local children, whichever arrives first', () => {
    const agg = createWindowAggregator(cfg);
    const parent = span({ spanId: 'p1', startMs: 0, endMs: 100 });
    const childEarly = span({ kind: SpanKind.CLIENT, parentSpanId: 'p1', startMs: 10, endMs: 40, peerService: 'x' });
    const childLate = span({ kind: SpanKind.INTERNAL, parentSpanId: 'p1', startMs: 50, endMs: 70 });
    const grandChild = span({ kind: SpanKind.INTERNAL, parentSpanId: childLate.spanId, startMs: 55, endMs: 60 });
    agg.add(batch({ spans: [childEarly] }));
    agg.add(batch({ spans: [parent, grandChild] }));
    agg.add(batch({ spans: [childLate] }));
    const out = agg.flushAll();
    expect(row(out.features, 'api')!.selfTimeMs).toBeCloseTo(100 - 30 - 20);
    expect(row(out.features, 'api', 'GET /')!.selfTimeMs).toBeCloseTo(50);
  });

  it('counts a root CLIENT span (a load generator) as a request with its latency but no self time', () => {
    const agg = createWindowAggregator(cfg);
    const root = span({ service: 'loadgen', name: 'GET', kind: SpanKind.CLIENT, parentSpanId: '', startMs: 0, endMs: 80, peerService: 'shop' });
    agg.add(batch({ spans: [root] }));
    const out = agg.flushAll();
    expect(row(out.features, 'loadgen')).toMatchObject({ requests: 1, selfTimeMs: 0 });
    expect(row(out.features, 'loadgen')!.p50Ms).toBeCloseTo(80, 0);
  });
});

describe('window aggregator: event time', () => {
  it('keeps a watermark per service, so a lagging service is neither closed nor made late', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ service: 'fast', startMs: 5_000 }), span({ service: 'slow', startMs: 5_000 })] }));
    agg.add(batch({ spans: [span({ service: 'fast', startMs: 10 * MIN })] }));
    const first = agg.drain();
    expect(first.features.filter((r) => r.operation === '').map((r) => [r.service, r.windowStart])).toEqual([['fast', 0]]);
    const late = agg.add(batch({ spans: [span({ service: 'slow', startMs: 20_000 })] }));
    expect(late.spans).toBe(0);
    agg.add(batch({ spans: [span({ service: 'slow', startMs: MIN + 31_000 })] }));
    const second = agg.drain();
    expect(row(second.features, 'slow', '', 0)!.requests).toBe(2);
  });

  it('merges data within the allowed lateness and counts data for closed windows as late', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ startMs: 1_000 }), span({ startMs: MIN + 20_000 })] }));
    expect(agg.drain().features).toHaveLength(0);
    const within = agg.add(batch({ spans: [span({ startMs: 59_000 })] }));
    expect(within.spans).toBe(0);
    agg.add(batch({ spans: [span({ startMs: MIN + 30_000 })] }));
    const closed = agg.drain();
    expect(row(closed.features, 'api', '', 0)!.requests).toBe(2);
    const late = agg.add(batch({ spans: [span({ startMs: 2_000 })], logs: [log({ timeMs: 3_000 })] }));
    expect(late).toEqual({ spans: 1, metrics: 0, logs: 1, duplicateSpans: 0, replayed: 0 });
    const rest = agg.flushAll();
    expect(rest.features.some((r) => r.windowStart === 0)).toBe(false);
    expect(row(rest.features, 'api', '', MIN)!.requests).toBe(2);
  });

  it('flushes services idle for idleMs of wall time, and only those', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ service: 'quiet', startMs: 1_000 }), span({ service: 'busy', startMs: 1_000 })] }));
    expect(agg.flushIdle(100_000, 10_000).features).toHaveLength(0);
    agg.add(batch({ spans: [span({ service: 'busy', startMs: 2_000 })] }));
    const out = agg.flushIdle(111_000, 10_000);
    expect(out.features.filter((r) => r.operation === '').map((r) => r.service)).toEqual(['quiet']);
    expect(out.nodes.map((n) => n.name).sort()).toEqual(['busy', 'quiet']);
    expect(agg.add(batch({ spans: [span({ service: 'quiet', startMs: 3_000 })] })).spans).toBe(1);
    expect(agg.add(batch({ spans: [span({ service: 'busy', startMs: 3_000 })] })).spans).toBe(0);
  });

  it('checkpoints the first open window per service and restores it after a restart', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ startMs: 1_000 }), span({ startMs: 3 * MIN })] }));
    agg.drain();
    const cp = agg.checkpoint();
    expect(cp).toEqual({ api: 2 * MIN });
    const restarted = createWindowAggregator(cfg);
    restarted.restore(cp);
    const late = restarted.add(batch({ spans: [span({ startMs: 1_000 }), span({ startMs: MIN + 5 }), span({ startMs: 2 * MIN })] }));
    // Written before the restart: a replay, not late data.
    expect(late.spans).toBe(0);
    expect(late.replayed).toBe(2);
    const out = restarted.flushAll();
    expect(out.features.filter((r) => r.operation === '').map((r) => r.windowStart)).toEqual([2 * MIN]);
    expect(restarted.checkpoint()).toEqual({ api: 3 * MIN });
  });

  it('rebuilds a database window still open at a restart from a replay its caller refuses as written', () => {
    // api's own clock is past minute 1 (a request at 2:40), its database's is not (calls at 1:35-1:37): after a drain
    // api has written minute 1, the database has not. A crash loses the open window; the replay of those calls is
    // late for api but on time for the database, and must count there exactly once.
    const calls = [35_000, 36_000, 37_000].map((t, i) => span({ service: 'api', kind: SpanKind.CLIENT, parentSpanId: 'p', spanId: `db${i}`, startMs: MIN + t, endMs: MIN + t + 4, dbSystem: 'postgresql', dbName: 'orders' }));
    const traffic = [span({ startMs: 1_000 }), ...calls, span({ startMs: 2 * MIN + 40_000 })];
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: traffic }));
    agg.drain();
    const cp = agg.checkpoint();
    const db = Object.keys(cp).find((n) => n !== 'api')!;
    expect(cp).toEqual({ api: 2 * MIN, [db]: MIN });
    const restarted = createWindowAggregator(cfg);
    restarted.restore(cp);
    restarted.add(batch({ spans: traffic }));
    restarted.add(batch({ spans: calls })); // a second copy (a client's retry) changes nothing
    const rows = restarted.flushAll().features;
    expect(row(rows, db, '', MIN)?.requests).toBe(3);
    expect(rows.some((r) => r.service === 'api' && r.windowStart === MIN)).toBe(false); // written before the crash
  });

  it('reports open series: windows × (service + operations + edges + callers view)', () => {
    const agg = createWindowAggregator(cfg);
    agg.add(batch({ spans: [span({ name: 'a', startMs: 0 }), span({ name: 'b', startMs: 0 }), span({ name: 'a', startMs: MIN })] }));
    agg.add(batch({ spans: [span({ kind: SpanKind.CLIENT, peerService: 'x', startMs: 0 })] }));
    // api: minute 0 service + a + b + edge to x, minute 1 service + a; x: minute 0 its callers' view only.
    expect(agg.openSeries()).toBe(4 + 2 + 1);
  });
});

describe('window aggregator: limits', () => {
  it('merges span names beyond maxOperations into __other__', () => {
    const agg = createWindowAggregator({ ...cfg, maxOperations: 2 });
    agg.add(batch({ spans: ['a', 'b', 'c', 'd', 'a'].map((name) => span({ name, startMs: 0 })) }));
    const ops = Object.fromEntries(agg.flushAll().features.map((r) => [r.operation, r.requests]));
    expect(ops).toEqual({ '': 5, a: 2, b: 1, __other__: 2 });
  });

  it('rejects a nonsensical configuration', () => {
    expect(() => createWindowAggregator({ windowMs: 0, allowedLatenessMs: 0 })).toThrow(RangeError);
  });
});

describe('window aggregator: logs', () => {
  it('counts logs by severity band per service window', () => {
    const agg = createWindowAggregator(cfg);
    const sev = [1, 9, 12, 13, 16, 17, 21, 24, 0];
    agg.add(batch({ logs: sev.map((s) => log({ severityNumber: s, timeMs: 500 })) }));
    const r = row(agg.flushAll().features, 'api')!;
    expect([r.logTotal, r.logWarn, r.logError]).toEqual([9, 2, 3]);
    expect(r.requests).toBe(0);
    expect(r.p95Ms).toBeNull();
  });
});
