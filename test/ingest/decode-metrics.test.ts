import { describe, expect, it } from 'vitest';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { decodeMetrics } from '../../src/ingest/otlp/decode-metrics.js';
import { toOtlpJson } from '../helpers/otlp-json.js';

const { ExportMetricsServiceRequest } = opentelemetry.proto.collector.metrics.v1;
type Req = opentelemetry.proto.collector.metrics.v1.IExportMetricsServiceRequest;
type Metric = opentelemetry.proto.metrics.v1.IMetric;

const NOW = Date.UTC(2026, 2, 1);
const opts = { nowMs: NOW, maxFutureSkewMs: 600_000 };
/** Exact 64-bit nanoseconds as a decimal string (the protobufjs writer accepts it; the --force-number typings say number). */
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n) as unknown as number;
const T = ns(NOW - 5000);
const START = ns(NOW - 65_000);
const str = (stringValue: string) => ({ stringValue });

function request(metrics: Metric[], service: string | null = 'cart'): Req {
  const attributes = service === null ? [] : [{ key: 'service.name', value: str(service) }];
  return { resourceMetrics: [{ resource: { attributes }, scopeMetrics: [{ scope: { name: 'm' }, metrics }] }] };
}

const sample: Metric[] = [
  { name: 'process.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 0.75, attributes: [{ key: 'state', value: str('user') }] }] } },
  {
    name: 'http.server.requests', unit: '{request}',
    sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{
      startTimeUnixNano: START, timeUnixNano: T, asInt: 1234,
      attributes: [
        { key: 'http.route', value: str('/cart') }, { key: 'error', value: { boolValue: false } },
        { key: 'code', value: { intValue: 200 } }, { key: 'tags', value: { arrayValue: { values: [str('a'), { doubleValue: 1.5 }] } } },
        { key: 'blob', value: { bytesValue: Buffer.from([1, 2, 3]) } },
      ],
    }] },
  },
  { name: 'queue.delta', sum: { aggregationTemporality: 1, isMonotonic: false, dataPoints: [{ timeUnixNano: T, asDouble: -3 }] } },
  { name: 'http.server.duration', unit: 'ms', histogram: { aggregationTemporality: 2, dataPoints: [{
    startTimeUnixNano: START, timeUnixNano: T, count: 10, sum: 250, bucketCounts: [2, 8], explicitBounds: [10],
  }] } },
  { name: 'rpc.duration', unit: 'ms', exponentialHistogram: { aggregationTemporality: 1, dataPoints: [{
    timeUnixNano: T, count: 4, sum: 40, scale: 2, zeroCount: 1, positive: { offset: 1, bucketCounts: [1, 2] },
  }] } },
  { name: 'legacy.latency', summary: { dataPoints: [{ timeUnixNano: T, count: 3, sum: 9, quantileValues: [{ quantile: 0.5, value: 3 }] }] } },
];

describe('decodeMetrics', () => {
  it('flattens every metric type into points with kind, value, count and temporality', () => {
    const r = decodeMetrics(ExportMetricsServiceRequest.encode(request(sample)).finish(), 'protobuf', opts);
    expect(r.rejected).toBe(0);
    const by = Object.fromEntries(r.metrics.map((m) => [m.name, m]));
    const timeMs = NOW - 5000;
    expect(by['process.cpu.utilization']).toEqual({ service: 'cart', name: 'process.cpu.utilization', unit: '1', kind: 'gauge', timeMs, value: 0.75, count: 1, monotonic: false, cumulative: false, attributes: { state: 'user' } });
    expect(by['http.server.requests']).toMatchObject({ kind: 'sum', value: 1234, count: 1, monotonic: true, cumulative: true, unit: '{request}' });
    expect(by['queue.delta']).toMatchObject({ kind: 'sum', value: -3, monotonic: false, cumulative: false });
    expect(by['http.server.duration']).toMatchObject({ kind: 'histogram', value: 250, count: 10, cumulative: true, monotonic: true });
    expect(by['rpc.duration']).toMatchObject({ kind: 'histogram', value: 40, count: 4, cumulative: false });
    expect(by['legacy.latency']).toMatchObject({ kind: 'summary', value: 9, count: 3, cumulative: true });
  });

  it('stringifies point attributes in key order (the series identity)', () => {
    const [, requests] = decodeMetrics(ExportMetricsServiceRequest.encode(request(sample)).finish(), 'protobuf', opts).metrics;
    expect(requests.attributes).toEqual({ blob: 'AQID', code: '200', error: 'false', 'http.route': '/cart', tags: '["a",1.5]' });
    expect(Object.keys(requests.attributes)).toEqual(['blob', 'code', 'error', 'http.route', 'tags']);
  });

  it('yields identical records from protobuf and from OTLP JSON', () => {
    const req = request(sample);
    const fromProto = decodeMetrics(ExportMetricsServiceRequest.encode(req).finish(), 'protobuf', opts);
    const fromJson = decodeMetrics(Buffer.from(JSON.stringify(toOtlpJson(req))), 'json', opts);
    expect(fromProto.metrics).toHaveLength(6);
    expect(fromJson.metrics).toEqual(fromProto.metrics);
  });

  it('rejects points individually: no service, no name, bad or future times, no value; skips staleness markers', () => {
    const req: Req = {
      resourceMetrics: [
        ...request([sample[0], sample[3]], null).resourceMetrics!,
        ...request([
          { name: '', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 1 }] } },
          { name: 'ok', gauge: { dataPoints: [
            { timeUnixNano: T, asDouble: 1 },
            { timeUnixNano: ns(NOW + 3_600_000), asDouble: 2 },
            { timeUnixNano: 0, asDouble: 3 },
            { startTimeUnixNano: ns(NOW), timeUnixNano: T, asDouble: 4 },
            { timeUnixNano: T },
            { timeUnixNano: T, flags: 1 },
          ] } },
        ]).resourceMetrics!,
      ],
    };
    for (const r of [
      decodeMetrics(ExportMetricsServiceRequest.encode(req).finish(), 'protobuf', opts),
      decodeMetrics(toOtlpJson(req) as object, 'json', opts),
    ]) {
      expect(r.metrics.map((m) => m.value)).toEqual([1]);
      expect(r.reasons).toEqual({ missing_service_name: 2, missing_metric_name: 1, future_timestamp: 1, invalid_timestamp: 2, missing_value: 1 });
      expect(r.rejected).toBe(7);
      expect(r.errorMessage).toMatch(/^rejected 7 data points: /);
    }
  });
});
