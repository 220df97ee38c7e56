import { describe, expect, it } from 'vitest';
import { SpanKind, type SpanRecord } from '../../src/core/telemetry.js';
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';
import { decodeLogs } from '../../src/ingest/otlp/decode-logs.js';
import { decodeMetrics } from '../../src/ingest/otlp/decode-metrics.js';
import { decodeTraces } from '../../src/ingest/otlp/decode-traces.js';
import { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf } from '../../src/sim/otlp-encode.js';
import { createSimulation } from '../../src/sim/simulation.js';
import { START } from './sim-helpers.js';

const { collector } = opentelemetry.proto;
const sim = createSimulation({ seed: 12, startMs: START, fault: { kind: 'errors', atMinute: 0, durationMinutes: 5 } });
const batch = sim.minute(1);
const info = resourceInfoOf(batch.spans, sim.topology.namespace);
/** int64 fields decode to Long objects when the `long` package is installed, to numbers otherwise. */
const num = (v: unknown) => Number(String(v));
const hex = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('hex');
type Kv = { key?: string | null; value?: { stringValue?: string | null; intValue?: number | string | null } | null };
/** Records in a canonical order, with undefined fields dropped, for order-insensitive equality. */
const canonical = (v: unknown): unknown =>
  v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(canonical(x))).sort();
const attr = (kvs: Kv[] | null | undefined, key: string) => {
  const v = kvs?.find((kv) => kv.key === key)?.value;
  return v?.stringValue ?? (v?.intValue == null ? undefined : Number(v.intValue));
};

describe('encodeTraces', () => {
  it('round-trips through the generated protobuf decoder', () => {
    const req = collector.trace.v1.ExportTraceServiceRequest.decode(encodeTraces(batch.spans, 'protobuf', info));
    const back: SpanRecord[] = [];
    for (const rs of req.resourceSpans) {
      const res = rs.resource!.attributes;
      expect(attr(res, 'service.namespace')).toBe(sim.topology.namespace);
      expect(rs.scopeSpans).toHaveLength(1);
      for (const s of rs.scopeSpans![0].spans!) {
        const a = s.attributes;
        back.push({
          traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: hex(s.parentSpanId),
          service: attr(res, 'service.name') as string, serviceVersion: attr(res, 'service.version') as string,
          name: s.name!, kind: s.kind as SpanRecord['kind'], statusCode: (s.status?.code ?? 0) as SpanRecord['statusCode'],
          startMs: num(s.startTimeUnixNano) / 1e6, endMs: num(s.endTimeUnixNano) / 1e6,
          peerService: attr(a, 'peer.service') as string | undefined, serverAddress: attr(a, 'server.address') as string | undefined,
          dbSystem: attr(a, 'db.system') as string | undefined, dbName: attr(a, 'db.namespace') as string | undefined,
          rpcService: attr(a, 'rpc.service') as string | undefined, httpStatus: attr(a, 'http.response.status_code') as number | undefined,
        });
      }
    }
    expect(back).toHaveLength(batch.spans.length);
    const byId = new Map(back.map((s) => [s.spanId, s]));
    for (const s of batch.spans) {
      const d = byId.get(s.spanId)!;
      expect({ ...d, startMs: 0, endMs: 0 }).toEqual({ ...s, startMs: 0, endMs: 0 });
      expect(Math.abs(d.startMs - s.startMs)).toBeLessThan(0.001);
      expect(Math.abs(d.endMs - s.endMs)).toBeLessThan(0.001);
    }
  });

  it('writes OTLP/JSON: hex ids, int64 as decimal strings, enums as integers', () => {
    const json = JSON.parse(new TextDecoder().decode(encodeTraces(batch.spans, 'json', info)));
    const spans = json.resourceSpans.flatMap((rs: { scopeSpans: { spans: unknown[] }[] }) => rs.scopeSpans![0].spans);
    expect(spans).toHaveLength(batch.spans.length);
    const original = new Map(batch.spans.map((s) => [s.spanId, s]));
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(typeof s.startTimeUnixNano).toBe('string');
      const o = original.get(s.spanId)!;
      expect(BigInt(s.startTimeUnixNano)).toBe(BigInt(Math.round(o.startMs * 1000)) * 1000n);
      expect(typeof s.kind).toBe('number');
      expect(s.kind).toBe(o.kind);
      if (o.statusCode === 2) expect(s.status).toEqual({ code: 2 });
      if (o.parentSpanId) expect(s.parentSpanId).toBe(o.parentSpanId);
      const status = s.attributes.find((kv: Kv) => kv.key === 'http.response.status_code');
      if (status) expect(status.value.intValue).toBe(String(o.httpStatus));
    }
  });

  it('round-trips through the ingest decoder into equal records (protobuf and JSON)', () => {
    const opts = { nowMs: START + 3_600_000, maxFutureSkewMs: 600_000 };
    for (const format of ['protobuf', 'json'] as const) {
      const spans = decodeTraces(encodeTraces(batch.spans, format, info), format, opts);
      expect(spans.rejected).toBe(0);
      expect(sorted(spans.spans)).toEqual(sorted(batch.spans));
      const metrics = decodeMetrics(encodeMetrics(batch.metrics, format, info), format, opts);
      expect(metrics.rejected).toBe(0);
      expect(sorted(metrics.metrics)).toEqual(sorted(batch.metrics));
      const logs = decodeLogs(encodeLogs(batch.logs, format, info), format, opts);
      expect(sorted(logs.logs)).toEqual(sorted(batch.logs));
    }
  });
});

describe('encodeMetrics and encodeLogs', () => {
  it('groups points per service and metric, with temporality, monotonicity and asInt for whole units', () => {
    const req = collector.metrics.v1.ExportMetricsServiceRequest.decode(encodeMetrics(batch.metrics, 'protobuf', info));
    const services = req.resourceMetrics.map((rm) => attr(rm.resource!.attributes, 'service.name'));
    expect(new Set(services).size).toBe(services.length);
    const metrics = req.resourceMetrics.flatMap((rm) => rm.scopeMetrics![0].metrics!);
    const cpu = metrics.find((m) => m.name === 'process.cpu.utilization')!;
    expect(cpu.gauge!.dataPoints![0].asDouble).toBeGreaterThan(0);
    const mem = metrics.find((m) => m.name === 'process.memory.usage')!;
    expect(mem.unit).toBe('By');
    expect(num(mem.gauge!.dataPoints![0].asInt)).toBeGreaterThan(1e6);
    const pool = metrics.find((m) => m.name === 'db.client.connection.count')!;
    expect(pool.sum!.isMonotonic).toBe(false);
    expect(pool.sum!.aggregationTemporality).toBe(2);
    const http = metrics.find((m) => m.name === 'http.server.request.duration')!;
    expect(http.histogram!.aggregationTemporality).toBe(1);
    const p = http.histogram!.dataPoints![0];
    expect(num(p.count)).toBeGreaterThan(0);
    expect(p.bucketCounts).toEqual([p.count]);
    expect(num(p.timeUnixNano) - num(p.startTimeUnixNano)).toBeCloseTo(60e9, -4);
    const json = JSON.parse(new TextDecoder().decode(encodeMetrics(batch.metrics, 'json', info)));
    const jsonMem = json.resourceMetrics[0].scopeMetrics[0].metrics.find((m: { name: string }) => m.name === 'process.memory.usage');
    expect(jsonMem.gauge.dataPoints[0].asInt).toMatch(/^\d+$/);
    expect(jsonMem.gauge.dataPoints[0].timeUnixNano).toMatch(/^\d{19}$/);
  });

  it('encodes logs with severity, body and trace ids as bytes', () => {
    const req = collector.logs.v1.ExportLogsServiceRequest.decode(encodeLogs(batch.logs, 'protobuf', info));
    const records = req.resourceLogs.flatMap((rl) => rl.scopeLogs![0].logRecords!.map((r) => ({ service: attr(rl.resource!.attributes, 'service.name'), r })));
    expect(records).toHaveLength(batch.logs.length);
    const errors = records.filter(({ r }) => r.severityNumber === 17);
    expect(errors.length).toBeGreaterThan(0);
    for (const { r } of errors) {
      expect(r.severityText).toBe('ERROR');
      expect(r.body!.stringValue).toMatch(/failed|timed out|pool|deadlock/);
      expect(hex(r.traceId)).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('splits resources by version when a service changes version mid-batch', () => {
    const spans = batch.spans.slice(0, 2).map((s, i) => ({ ...s, service: 'x', serviceVersion: i === 0 ? '1.0.0' : '1.0.1' }));
    const req = collector.trace.v1.ExportTraceServiceRequest.decode(encodeTraces(spans, 'protobuf'));
    expect(req.resourceSpans.map((rs) => attr(rs.resource!.attributes, 'service.version'))).toEqual(['1.0.0', '1.0.1']);
    expect(spans[0].kind === SpanKind.SERVER || spans[0].kind === SpanKind.CLIENT).toBe(true);
  });
});
