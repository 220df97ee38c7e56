import { describe, expect, it } from 'vitest';
import { SpanKind, type Anomaly, type SpanRecord } from '../../src/core/index.js';
import { createSeasonalDetector } from '../../src/detectors/seasonal-baseline.js';
import { createWindowAggregator } from '../../src/features/window-aggregator.js';
import { MIN, T0, gauss, rng } from './rows.js';

/** checkout → orders-db; from minute 90 the database is four times slower. */
function minuteOfSpans(m: number, r: () => number): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (let i = 0; i < 200; i++) {
    const t = T0 + m * MIN + i * 290;
    const db = Math.max(1, (m >= 90 ? 80 : 20) + 3 * gauss(r));
    const own = Math.max(1, 15 + 2 * gauss(r));
    const id = `${m}-${i}`;
    const common = { traceId: id, statusCode: 0 as const, peerService: undefined, serverAddress: undefined, rpcService: undefined, httpStatus: undefined, serviceVersion: undefined };
    spans.push({ ...common, spanId: `s${id}`, parentSpanId: '', service: 'checkout', name: 'POST /order', kind: SpanKind.SERVER, startMs: t, endMs: t + own + db, dbSystem: undefined, dbName: undefined });
    spans.push({ ...common, spanId: `c${id}`, parentSpanId: `s${id}`, service: 'checkout', name: 'INSERT', kind: SpanKind.CLIENT, startMs: t + 5, endMs: t + 5 + db, dbSystem: 'postgresql', dbName: 'orders-db' });
  }
  return spans;
}

describe('feature windows to anomalies', () => {
  it('flags the slow database and the latency of its caller within two windows of onset', () => {
    const r = rng(5);
    const agg = createWindowAggregator({ windowMs: MIN, allowedLatenessMs: 30_000 });
    const detector = createSeasonalDetector();
    const anomalies: Anomaly[] = [];
    for (let m = 0; m < 120; m++) {
      agg.add({ spans: minuteOfSpans(m, r), metrics: [], logs: [], source: 'test' });
      anomalies.push(...detector.observe(agg.drain().features));
    }
    const onset = new Date(T0 + 90 * MIN).toISOString();
    const first = (service: string) => anomalies.find((a) => a.service === service && a.feature === 'p95Ms');
    // No server.address on the client span: the node is `system:namespace` (src/features/node-names.ts).
    expect(first('postgresql:orders-db')?.windowStart).toBe(onset);
    expect(first('checkout')?.windowStart).toBe(onset);
    expect(anomalies.every((a) => a.windowStart >= onset)).toBe(true);
    const db = first('postgresql:orders-db')!;
    expect(db.value / db.baseline).toBeGreaterThan(3);
  });
});
