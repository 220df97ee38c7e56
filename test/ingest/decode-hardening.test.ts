// Hostile input at decode: old timestamps, NUL and lone surrogates, long names, credentials, NaN/Inf, deep nesting.
import { describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { decodeMetrics } from '../../src/ingest/otlp/decode-metrics.js';
import { decodeLogs } from '../../src/ingest/otlp/decode-logs.js';
import { MAX_ANY_DEPTH, TRUNCATED } from '../../src/ingest/otlp/otlp-values.js';

const { ExportTraceServiceRequest } = opentelemetry.proto.collector.trace.v1;
const MetricsReq = opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

const NOW = Date.UTC(2026, 11, 5, 12);
const opts = { nowMs: NOW, maxFutureSkewMs: 600_000 };
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
const json = (o: unknown) => Buffer.from(JSON.stringify(o));

function jsonSpan(over: Record<string, unknown> = {}) {
  return { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /cart', kind: 2, startTimeUnixNano: ns(NOW - 1000), endTimeUnixNano: ns(NOW - 900), ...over };
}
function jsonTraces(service: string, spans: unknown[]) {
  return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] };
}

describe('timestamp lower bound', () => {
  it('rejects a 1990 span in partial success and keeps the current one', () => {
    const old = Date.UTC(1990, 0, 1);
    const r = decodeTraces(json(jsonTraces('cart', [jsonSpan({ spanId: '0000000000000001', startTimeUnixNano: ns(old), endTimeUnixNano: ns(old + 5) }), jsonSpan()])), 'json', opts);
    expect(r.spans.map((s) => s.spanId)).toEqual(['b7ad6b7169203331']);
    expect(r.rejected).toBe(1);
    expect(r.reasons).toEqual({ too_old: 1 });
    expect(r.errorMessage).toBe('rejected 1 spans: too_old=1');
  });

  it('takes the age limit from the options: 8 days old passes with 30 days, fails with the 7-day default', () => {
    const t = NOW - 8 * 86_400_000;
    const body = json(jsonTraces('cart', [jsonSpan({ startTimeUnixNano: ns(t), endTimeUnixNano: ns(t + 1) })]));
    expect(decodeTraces(body, 'json', opts).reasons).toEqual({ too_old: 1 });
    expect(decodeTraces(body, 'json', { ...opts, maxPastAgeMs: 30 * 86_400_000 }).spans).toHaveLength(1);
  });

  it('applies to metric points and log records too', () => {
    const old = ns(Date.UTC(1990, 0, 1));
    const m = decodeMetrics(json({ resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: old, asDouble: 1 }, { timeUnixNano: ns(NOW - 1000), asDouble: 2 }] } }] }] }] }), 'json', opts);
    expect(m.metrics.map((p) => p.value)).toEqual([2]);
    expect(m.reasons).toEqual({ too_old: 1 });
    const l = decodeLogs(json({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: old, body: { stringValue: 'x' } }] }] }] }), 'json', opts);
    expect(l.logs).toHaveLength(0);
    expect(l.reasons).toEqual({ too_old: 1 });
  });
});

describe('strings sanitized at decode', () => {
  it('replaces NUL and lone surrogates with U+FFFD (JSON escapes)', () => {
    const body = Buffer.from(String.raw`{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"ca\u0000rt"}}]},"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"op\ud800x","kind":2,"startTimeUnixNano":"${ns(NOW - 1000)}","endTimeUnixNano":"${ns(NOW - 900)}","attributes":[{"key":"peer.service","value":{"stringValue":"pay\udc00"}}]}]}]}]}`);
    const [s] = decodeTraces(body, 'json', opts).spans;
    expect(s.service).toBe('ca\uFFFDrt');
    expect(s.name).toBe('op\uFFFDx');
    expect(s.peerService).toBe('pay\uFFFD');
  });

  it('keeps valid surrogate pairs and replaces invalid UTF-8 bytes in protobuf strings', () => {
    const req = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart🛒' } }] }, scopeSpans: [{ spans: [{
      traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'), spanId: Buffer.from('b7ad6b7169203331', 'hex'), name: 'AAAA', kind: 2,
      startTimeUnixNano: ns(NOW - 1000) as unknown as number, endTimeUnixNano: ns(NOW - 900) as unknown as number,
    }] }] }] };
    const bytes = Buffer.from(ExportTraceServiceRequest.encode(req).finish());
    const at = bytes.indexOf(Buffer.from('AAAA'));
    bytes[at + 1] = 0xff; // invalid UTF-8 byte
    bytes[at + 2] = 0x00; // NUL
    const [s] = decodeTraces(bytes, 'protobuf', opts).spans;
    expect(s.service).toBe('cart🛒');
    expect(s.name).not.toContain('\u0000');
    expect(s.name.startsWith('A')).toBe(true);
    expect(s.name.endsWith('A')).toBe(true);
    expect(s.name).not.toMatch(/[\uD800-\uDFFF]/); // no lone surrogates left
  });

  it('cuts names to 256 characters without splitting a surrogate pair', () => {
    const long = 'x'.repeat(255) + '🛒' + 'y'.repeat(5000);
    const [s] = decodeTraces(json(jsonTraces(long, [jsonSpan({ name: 'n'.repeat(10_000) })])), 'json', opts).spans;
    expect(s.service).toBe('x'.repeat(255));
    expect(s.name).toBe('n'.repeat(256));
  });

  it('caps metric attribute values at 1024 and log bodies at 8192 characters', () => {
    const m = decodeMetrics(json({ resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ timeUnixNano: ns(NOW - 1000), asDouble: 1, attributes: [{ key: 'k\u0000', value: { stringValue: 'v'.repeat(5000) } }] }] } }] }] }] }), 'json', opts);
    expect(m.metrics[0].attributes).toEqual({ 'k\uFFFD': 'v'.repeat(1024) });
    const l = decodeLogs(json({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: ns(NOW - 1000), body: { stringValue: 'b'.repeat(20_000) } }] }] }] }), 'json', opts);
    expect(l.logs[0].body).toHaveLength(8192);
  });
});

describe('credentials never become node names', () => {
  it('strips user:pass@ and password= from peer, server and db attributes', () => {
    const attrs = [
      { key: 'peer.service', value: { stringValue: 'postgres://u:secretpw@orders-db:5432/orders' } },
      { key: 'server.address', value: { stringValue: 'admin:secretpw@orders-db' } },
      { key: 'db.name', value: { stringValue: 'orders?password=secretpw' } },
      { key: 'db.system', value: { stringValue: 'postgresql' } },
    ];
    const [s] = decodeTraces(json(jsonTraces('cart', [jsonSpan({ kind: 3, attributes: attrs })])), 'json', opts).spans;
    expect(JSON.stringify(s)).not.toContain('secretpw');
    expect(s.peerService).toBe('postgres://orders-db:5432/orders');
    expect(s.dbName).toBe('orders');
  });
});

describe('metric values', () => {
  it('rejects NaN and ±Inf points (protobuf doubles and JSON strings) in partial success', () => {
    const points = [NaN, Infinity, -Infinity, 4].map((v) => ({ timeUnixNano: ns(NOW - 1000) as unknown as number, asDouble: v }));
    const req = { resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: points } }] }] }] };
    const r = decodeMetrics(MetricsReq.encode(req).finish(), 'protobuf', opts);
    expect(r.metrics.map((p) => p.value)).toEqual([4]);
    expect(r.reasons).toEqual({ non_finite_value: 3 });
    const j = decodeMetrics(json({ resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [{ timeUnixNano: ns(NOW - 1000), count: '2', sum: 'Infinity' }, { timeUnixNano: ns(NOW - 1000), count: 'NaN', sum: '1' }] } }, { name: 'g', gauge: { dataPoints: [{ timeUnixNano: ns(NOW - 1000), asDouble: 'NaN' }] } }] }] }] }), 'json', opts);
    expect(j.metrics).toHaveLength(0);
    expect(j.reasons).toEqual({ non_finite_value: 3 });
    expect(j.errorMessage).toBe('rejected 3 data points: non_finite_value=3');
  });
});

describe('nested AnyValue', () => {
  it('truncates a 5,000-deep JSON array value instead of overflowing the stack', () => {
    const deep = '{"arrayValue":{"values":['.repeat(5000) + '{"stringValue":"leaf"}' + ']}}'.repeat(5000);
    const body = Buffer.from(`{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"${ns(NOW - 1000)}","body":${deep}}]}]}]}`);
    const r = decodeLogs(body, 'json', opts);
    expect(r.logs).toHaveLength(1);
    const expected = '['.repeat(MAX_ANY_DEPTH) + JSON.stringify(TRUNCATED) + ']'.repeat(MAX_ANY_DEPTH);
    expect(r.logs[0].body).toBe(expected);
  });

  it('reads a kvlist key named __proto__ as data', () => {
    const body = json({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: ns(NOW - 1000), body: { kvlistValue: { values: [{ key: '__proto__', value: { stringValue: 'x' } }] } } }] }] }] });
    expect(decodeLogs(body, 'json', opts).logs[0].body).toBe('{"__proto__":"x"}');
  });
});
