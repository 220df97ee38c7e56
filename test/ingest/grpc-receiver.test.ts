/**
 * OTLP/gRPC: the official OpenTelemetry JS SDK gRPC exporters (plain and gzip) deliver traces, metrics and logs to
 * the receiver on an ephemeral port through the shared handler; a bad payload is INVALID_ARGUMENT, a full queue is
 * RESOURCE_EXHAUSTED with RetryInfo, a missing token UNAUTHENTICATED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { Client, credentials, Metadata, status as Code, type ServiceError } from '@grpc/grpc-js';
import { createIngestQueue } from '../../src/ingest/ingest-queue.js';
import { createOtlpGrpcReceiver } from '../../src/ingest/grpc/otlp-grpc-receiver.js';
import { google } from '../../src/ingest/otlp/generated/otlp.js';
import { systemClock } from '../../src/core/ports.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { silentLogger } from '../../src/obs/logger.js';
import { encodeTraces } from '../../src/sim/otlp-encode.js';
import { createSinkStage } from '../helpers/sink-stage.js';

const sink = createSinkStage();
const metrics = createMetrics();
const queue = createIngestQueue({ maxItems: 100, sink, metrics, logger: silentLogger });
const receiver = createOtlpGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, maxFutureSkewMs: 600_000 }, { queue, metrics, logger: silentLogger, clock: systemClock });
const secured = createOtlpGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, maxFutureSkewMs: 600_000, bearerToken: 's3cret' }, { queue, metrics, logger: silentLogger, clock: systemClock });
const url = () => `http://127.0.0.1:${receiver.port()}`;

beforeAll(async () => {
  await queue.start();
  await receiver.start();
  await secured.start();
});
afterAll(async () => {
  sink.release();
  await receiver.stop();
  await secured.stop();
  await queue.stop();
});

/** A raw unary call with pass-through bytes, to see the status codes an exporter sees. */
function exportTraces(port: number, body: Uint8Array, md = new Metadata()): Promise<Buffer> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<Buffer>((resolve, reject) =>
    client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.from(body), md, (e, r) => {
      client.close();
      if (e) reject(e);
      else resolve(r!);
    }));
}

describe.each([{ name: 'plain', compression: undefined }, { name: 'gzip', compression: 'gzip' }])('OpenTelemetry SDK gRPC exporters ($name) → OTLP/gRPC receiver', (f) => {
  const opts = () => ({ url: url(), ...(f.compression ? { compression: f.compression as never } : {}) });

  it('delivers spans', async () => {
    const service = `checkout-grpc-${f.name}`;
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter(opts()))] });
    const tracer = provider.getTracer('test');
    const root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER });
    const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, trace.setSpan(context.active(), root));
    child.end();
    root.end();
    await provider.forceFlush();
    await sink.waitFor((s) => s.spans().filter((x) => x.service === service).length === 2);
    await provider.shutdown();
    const got = sink.spans().filter((x) => x.service === service);
    expect(got.find((s) => s.name === 'POST /checkout')).toMatchObject({ traceId: root.spanContext().traceId, spanId: root.spanContext().spanId, parentSpanId: '', kind: 2 });
    expect(got.find((s) => s.name === 'SELECT orders')).toMatchObject({ parentSpanId: root.spanContext().spanId, kind: 3, dbSystem: 'postgresql' });
    expect(sink.batches.find((b) => b.spans.some((s) => s.service === service))!.source).toBe('otlp-grpc');
  });

  it('delivers metrics', async () => {
    const service = `inventory-grpc-${f.name}`;
    const reader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(opts()), exportIntervalMillis: 600_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': service }), readers: [reader] });
    provider.getMeter('test').createCounter('app.requests').add(5, { route: '/stock' });
    await reader.forceFlush();
    await sink.waitFor((s) => s.metrics().some((m) => m.service === service));
    await provider.shutdown();
    expect(sink.metrics().find((m) => m.service === service)).toMatchObject({ name: 'app.requests', kind: 'sum', value: 5, attributes: { route: '/stock' } });
  });

  it('delivers logs', async () => {
    const service = `payments-grpc-${f.name}`;
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': service }), processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter(opts()) })] });
    provider.getLogger('test').emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'card declined' });
    await provider.forceFlush();
    await sink.waitFor((s) => s.logs().some((l) => l.service === service));
    await provider.shutdown();
    expect(sink.logs().find((l) => l.service === service)).toMatchObject({ severityNumber: 17, body: 'card declined' });
  });
});

describe('OTLP/gRPC status codes', () => {
  const span = (service: string) => ({
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', parentSpanId: '', service, name: 'GET /', kind: 2 as const,
    startMs: Date.now() - 1000, endMs: Date.now() - 990, statusCode: 0 as const,
  });

  it('answers INVALID_ARGUMENT to an unreadable payload', async () => {
    const e = (await exportTraces(receiver.port(), Buffer.from([0xff, 0xff, 0xff, 0x0f])).catch((x: ServiceError) => x)) as ServiceError;
    expect(e.code).toBe(Code.INVALID_ARGUMENT);
  });

  it('answers RESOURCE_EXHAUSTED with RetryInfo when the queue is full', async () => {
    sink.hold();
    const many = Array.from({ length: 80 }, (_, i) => ({ ...span('flood'), spanId: (i + 1).toString(16).padStart(16, '0') }));
    await exportTraces(receiver.port(), encodeTraces(many, 'protobuf')); // accepted, held in the queue
    const e = (await exportTraces(receiver.port(), encodeTraces(many, 'protobuf')).catch((x: ServiceError) => x)) as ServiceError;
    sink.release();
    expect(e.code).toBe(Code.RESOURCE_EXHAUSTED);
    const st = google.rpc.Status.decode(e.metadata.get('grpc-status-details-bin')[0] as Buffer);
    expect(st.details[0]!.type_url).toBe('type.googleapis.com/google.rpc.RetryInfo');
    // RetryInfo{retry_delay: Duration{seconds: 1}} = 0a 02 08 01
    expect(Buffer.from(st.details[0]!.value!).toString('hex')).toBe('0a020801');
  });

  it('needs the bearer token in authorization metadata when one is set', async () => {
    const body = encodeTraces([span('authz')], 'protobuf');
    const e = (await exportTraces(secured.port(), body).catch((x: ServiceError) => x)) as ServiceError;
    expect(e.code).toBe(Code.UNAUTHENTICATED);
    const md = new Metadata();
    md.set('authorization', 'Bearer s3cret');
    await exportTraces(secured.port(), body, md);
    await sink.waitFor((s) => s.spans().some((x) => x.service === 'authz'));
  });
});
