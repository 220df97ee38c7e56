// The official OpenTelemetry JS SDK exporters (protobuf and JSON) deliver traces, metrics and logs to a real
// `aiops` app on loopback ports; the counts come back through the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/obs/logger.js';
import { bearer, TOKENS, writeTokensFile } from '../helpers/api-auth.js';

let app: App;
let api: string;
let otlp: string;
/** The API with the reader's credential (the app runs with a tokens file, as in production). */
const apiFetch = (path: string, init: RequestInit = {}) => fetch(`${api}${path}`, { ...init, headers: { ...bearer(TOKENS.reader), ...(init.headers as Record<string, string> | undefined) } });
// Event time: a whole minute a few minutes ago, so every span falls in one known window.
const windowStart = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;

beforeAll(async () => {
  app = await createApp(loadConfig({ AIOPS_DATA_DIR: 'memory://', AIOPS_OTLP_PORT: '0', AIOPS_HTTP_PORT: '0', AIOPS_API_TOKENS_FILE: writeTokensFile([TOKENS.reader]) }), { logger: silentLogger });
  await app.start();
  otlp = `http://127.0.0.1:${app.ports().otlp}`;
  api = `http://127.0.0.1:${app.ports().http}`;
});
afterAll(async () => app?.stop());

function tracer(service: string, exporter: ProtoTraceExporter | JsonTraceExporter) {
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 50 })] });
  return { provider, tracer: provider.getTracer('e2e') };
}

function emit(t: ReturnType<typeof tracer>['tracer'], n: number, errors: number, offsetMs: number) {
  for (let i = 0; i < n; i++) {
    const start = windowStart + offsetMs + i * 100;
    const span = t.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: start });
    if (i < errors) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(start + 20 + (i % 10));
  }
}

describe('OTel SDK exporters → receiver → pipeline → API', () => {
  it('counts requests and errors per service from protobuf and JSON exporters', async () => {
    const proto = tracer('cart-proto', new ProtoTraceExporter({ url: `${otlp}/v1/traces` }));
    const json = tracer('cart-json', new JsonTraceExporter({ url: `${otlp}/v1/traces` }));
    emit(proto.tracer, 37, 5, 1_000);
    emit(json.tracer, 23, 2, 2_000);
    await proto.provider.forceFlush();
    await json.provider.forceFlush();

    const logs = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'cart-proto' }), processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${otlp}/v1/logs` }) })] });
    const logger = logs.getLogger('e2e');
    for (let i = 0; i < 4; i++) logger.emit({ severityNumber: SeverityNumber.ERROR, body: `payment failed ${i}`, timestamp: new Date(windowStart + 3_000 + i) });
    logger.emit({ severityNumber: SeverityNumber.WARN, body: 'slow', timestamp: new Date(windowStart + 4_000) });
    await logs.forceFlush();

    // forceFlush of the simple log processor does not wait for the export in flight: wait for what arrives.
    await waitFor(async () => /signal="logs",source="otlp-http"\} 5\b/.test(await app.metrics.registry.getSingleMetricAsString('aiops_received_total')));
    await app.queue.stop();
    await app.pipeline.flush();

    const services = (await (await apiFetch(`/api/services`)).json()) as { services: { name: string }[] };
    expect(services.services.map((s) => s.name)).toEqual(expect.arrayContaining(['cart-proto', 'cart-json']));

    const q = (service: string) => apiFetch(`/api/features?service=${service}&from=${new Date(windowStart).toISOString()}&to=${new Date(windowStart + 60_000).toISOString()}`).then((r) => r.json());
    const protoPoints = (await q('cart-proto')) as { points: { requests: number; errorRate: number; p99Ms: number; logError: number; logWarn: number }[] };
    const jsonPoints = (await q('cart-json')) as typeof protoPoints;
    expect(protoPoints.points).toHaveLength(1);
    expect(protoPoints.points[0]).toMatchObject({ requests: 37, logError: 4, logWarn: 1 });
    expect(protoPoints.points[0]!.errorRate).toBeCloseTo(5 / 37, 6);
    expect(protoPoints.points[0]!.p99Ms).toBeGreaterThanOrEqual(28 * 0.98);
    expect(jsonPoints.points[0]).toMatchObject({ requests: 23 });
    expect(jsonPoints.points[0]!.errorRate).toBeCloseTo(2 / 23, 6);

    const metricsText = await (await apiFetch(`/metrics`)).text();
    expect(metricsText).toMatch(/aiops_received_total\{signal="spans",source="otlp-http"\} 60/);
  });

  it('answers health, readiness and errors as the API contract says', async () => {
    expect(await (await fetch(`${api}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    const unknown = await apiFetch(`/api/features?service=no-such-service`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/unknown service "no-such-service"/);
    expect((await apiFetch(`/api/incidents?status=bogus`)).status).toBe(400);
    expect((await apiFetch(`/api/incidents/nope`)).status).toBe(404);
    expect((await fetch(`${api}/api/services`)).status).toBe(401);
    const rca = await apiFetch(`/api/rca`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"service":' });
    expect(rca.status).toBe(400);
  });
});

async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
