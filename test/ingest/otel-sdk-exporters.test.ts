/**
 * The official OpenTelemetry JS SDK exporters (protobuf and JSON flavours) deliver to the real receiver
 * on an ephemeral port; the records that reach the sink must carry what the SDK recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter as TraceProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as TraceJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter as MetricProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as MetricJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPLogExporter as LogProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as LogJson } from '@opentelemetry/exporter-logs-otlp-http';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createOtlpHttpReceiver } from '../../src/ingest/otlp-http-receiver.js';
import { systemClock } from '../../src/core/ports.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { createSinkStage } from '../helpers/sink-stage.js';

const sink = createSinkStage();
const metrics = createMetrics();
const queue = createIngestQueue({ maxItems: 100_000, sink, metrics, logger: silentLogger });
const receiver = createOtlpHttpReceiver(
  { host: '127.0.0.1', port: 0, maxBodyBytes: 8 * 1024 * 1024, maxFutureSkewMs: 600_000 },
  { queue, metrics, logger: silentLogger, clock: systemClock },
);
const endpoint = (signal: string) => `http://127.0.0.1:${receiver.port()}/v1/${signal}`;

beforeAll(async () => {
  await queue.start();
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  await queue.stop();
});

const flavours = [
  { name: 'protobuf', trace: () => new TraceProto({ url: endpoint('traces') }), metric: () => new MetricProto({ url: endpoint('metrics') }), log: () => new LogProto({ url: endpoint('logs') }) },
  { name: 'protobuf+gzip', trace: () => new TraceProto({ url: endpoint('traces'), compression: 'gzip' as never }), metric: () => new MetricProto({ url: endpoint('metrics'), compression: 'gzip' as never }), log: () => new LogProto({ url: endpoint('logs'), compression: 'gzip' as never }) },
  { name: 'json', trace: () => new TraceJson({ url: endpoint('traces') }), metric: () => new MetricJson({ url: endpoint('metrics') }), log: () => new LogJson({ url: endpoint('logs') }) },
] as const;

describe.each(flavours)('OpenTelemetry SDK $name exporters → receiver', (f) => {
  it('delivers spans with service, names, kinds, ids, attributes, status and times', async () => {
    const service = `checkout-${f.name}`;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'service.version': '3.2.1' }),
      spanProcessors: [new SimpleSpanProcessor(f.trace() as SpanExporter)],
    });
    const tracer = provider.getTracer('test');
    const before = Date.now();
    const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER, attributes: { 'http.response.status_code': 200 } });
    const ctx = trace.setSpan(context.active(), root);
    const db = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'server.address': 'pg.internal' } }, ctx);
    db.end();
    const call = tracer.startSpan('POST /charge', { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'payments', 'http.status_code': 502 } }, ctx);
    call.setStatus({ code: SpanStatusCode.ERROR, message: 'bad gateway' });
    call.end();
    root.end();
    await provider.forceFlush();
    const after = Date.now();
    await sink.waitFor((s) => s.spans().filter((x) => x.service === service).length === 3);
    await provider.shutdown();

    const got = Object.fromEntries(sink.spans().filter((x) => x.service === service).map((s) => [s.name, s]));
    const r = root.spanContext();
    expect(got['POST /checkout']).toMatchObject({ traceId: r.traceId, spanId: r.spanId, parentSpanId: '', kind: 2, statusCode: 0, httpStatus: 200, serviceVersion: '3.2.1' });
    expect(got['SELECT orders']).toMatchObject({ traceId: r.traceId, parentSpanId: r.spanId, kind: 3, dbSystem: 'postgresql', dbName: 'shop', serverAddress: 'pg.internal' });
    expect(got['POST /charge']).toMatchObject({ spanId: call.spanContext().spanId, parentSpanId: r.spanId, kind: 3, statusCode: 2, peerService: 'payments', httpStatus: 502 });
    for (const s of Object.values(got)) {
      expect(s.startMs).toBeGreaterThanOrEqual(before - 1);
      expect(s.endMs).toBeLessThanOrEqual(after + 1);
      expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    }
  });

  it('delivers counters, histograms and gauges with values, counts and attributes', async () => {
    const service = `inventory-${f.name}`;
    const reader = new PeriodicExportingMetricReader({ exporter: f.metric() as PushMetricExporter, exportIntervalMillis: 600_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': service }), readers: [reader] });
    const meter = provider.getMeter('test');
    const requests = meter.createCounter('app.requests', { unit: '{request}' });
    requests.add(3, { route: '/stock', ok: true });
    requests.add(2, { route: '/stock', ok: true });
    requests.add(1, { route: '/restock', ok: false });
    const latency = meter.createHistogram('app.latency', { unit: 'ms' });
    for (const v of [10, 20, 30, 40]) latency.record(v, { route: '/stock' });
    meter.createObservableGauge('app.queue.size').addCallback((o) => o.observe(7));
    await reader.forceFlush();
    await sink.waitFor((s) => s.metrics().filter((m) => m.service === service).length >= 4);
    await provider.shutdown();

    const points = sink.metrics().filter((m) => m.service === service);
    const stock = points.find((p) => p.name === 'app.requests' && p.attributes.route === '/stock');
    expect(stock).toMatchObject({ kind: 'sum', value: 5, count: 1, monotonic: true, cumulative: true, unit: '{request}', attributes: { ok: 'true', route: '/stock' } });
    expect(points.find((p) => p.name === 'app.requests' && p.attributes.route === '/restock')).toMatchObject({ value: 1, attributes: { ok: 'false' } });
    expect(points.find((p) => p.name === 'app.latency')).toMatchObject({ kind: 'histogram', value: 100, count: 4, unit: 'ms', cumulative: true });
    expect(points.find((p) => p.name === 'app.queue.size')).toMatchObject({ kind: 'gauge', value: 7 });
    for (const p of points) expect(Math.abs(p.timeMs - Date.now())).toBeLessThan(60_000);
  });

  it('delivers log records with severity, body and the active trace id', async () => {
    const service = `payments-${f.name}`;
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': service }), processors: [new SimpleLogRecordProcessor({ exporter: f.log() as LogRecordExporter })] });
    const logger = provider.getLogger('test');
    const spanCtx = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'card declined', context: trace.setSpanContext(context.active(), spanCtx) });
    logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: { event: 'retry', attempt: 2 } });
    await provider.forceFlush();
    await sink.waitFor((s) => s.logs().filter((l) => l.service === service).length === 2);
    await provider.shutdown();

    const logs = sink.logs().filter((l) => l.service === service);
    expect(logs.find((l) => l.severityNumber === 17)).toMatchObject({ severityText: 'ERROR', body: 'card declined', traceId: spanCtx.traceId });
    const info = logs.find((l) => l.severityNumber === 9)!;
    expect(JSON.parse(info.body)).toEqual({ event: 'retry', attempt: 2 });
    expect(info.traceId).toBe('');
    expect(Math.abs(info.timeMs - Date.now())).toBeLessThan(60_000);
  });
});

describe('receiver counters after the SDK runs', () => {
  it('counted every accepted item and rejected none', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/aiops_received_total\{signal="spans",source="otlp-http"\} 9\b/);
    expect(text).toMatch(/aiops_received_total\{signal="logs",source="otlp-http"\} 6\b/);
    expect(text).not.toMatch(/aiops_rejected_total\{/);
  });
});
