// Smoke test of bench/foreign (the independent generator): the spans it makes through the OpenTelemetry SDK have
// the shape the brief asks of them (CLIENT on callers, SERVER on callees, semantic-convention attributes), a
// network fault slows only the callers' CLIENT spans, and the scoring reads incidents as documented.
import { describe, expect, it } from 'vitest';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createRng } from '../bench/foreign/rng.js';
import { shopServices } from '../bench/foreign/topology.js';
import { request, type TraceEnv } from '../bench/foreign/traces.js';
import { scoreRun, type ApiIncident } from '../bench/foreign/score.js';
import type { Effect, Fault } from '../bench/foreign/scenario.js';

const T0 = Date.parse('2026-11-02T08:00:00Z');
const NONE: Effect = { factor: 1, extra: 0, fail: 0, delayMs: 0, dbFactor: 1, dbExtra: 0, cpu: 0, memory: 1 };

function generate(fault: Fault | undefined, n: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const services = new Map(shopServices().map((s) => [s.name, s]));
  const providers = new Map<string, BasicTracerProvider>();
  const env: TraceEnv = {
    rng: createRng(5), services, fault, spans: { n: 0 }, jitter: new Map(), pauses: new Map(),
    tracer: (service) => {
      let p = providers.get(service);
      if (!p) providers.set(service, (p = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor(exporter)] })));
      return p.getTracer('test');
    },
  };
  for (let i = 0; i < n; i++) request(env, i % 2 ? 'home' : 'ads', T0 + i * 100);
  return exporter.getFinishedSpans();
}

const svcOf = (s: ReadableSpan): string => String(s.resource.attributes['service.name']);
const ms = (s: ReadableSpan): number => s.duration[0] * 1e3 + s.duration[1] / 1e6;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('bench/foreign generator', () => {
  it('puts a CLIENT span on the caller above every callee SERVER span, with semantic-convention attributes', () => {
    const spans = generate(undefined, 40);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER && s.parentSpanContext);
    expect(servers.length).toBeGreaterThan(40);
    for (const s of servers) {
      const parent = byId.get(s.parentSpanContext!.spanId)!;
      expect(parent.kind).toBe(SpanKind.CLIENT);
      expect(svcOf(parent)).not.toBe(svcOf(s));
    }
    const ad = spans.find((s) => svcOf(s) === 'ad' && s.kind === SpanKind.SERVER)!;
    expect(ad.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'oteldemo.AdService', 'rpc.method': 'GetAds' });
    const redis = spans.find((s) => s.attributes['db.system.name'] === 'redis')!;
    expect(svcOf(redis)).toBe('cart');
    expect(redis.attributes['server.address']).toBe('valkey-cart');
    const home = spans.find((s) => svcOf(s) === 'frontend' && s.kind === SpanKind.SERVER && s.name === 'GET /')!;
    expect(home.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/', 'http.response.status_code': 200 });
  });

  it('a network fault on a leaf slows the callers\' CLIENT spans into it, not its SERVER spans', () => {
    const fault: Fault = { kind: 'network', target: 'ad', node: 'ad', startMinute: 0, endMinute: 10, effect: { ...NONE, delayMs: 80 }, what: '' };
    const base = generate(undefined, 60);
    const slow = generate(fault, 60);
    const clientsToAd = (xs: ReadableSpan[]) => xs.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['rpc.service'] === 'oteldemo.AdService').map(ms);
    const adServer = (xs: ReadableSpan[]) => xs.filter((s) => svcOf(s) === 'ad' && s.kind === SpanKind.SERVER).map(ms);
    expect(mean(clientsToAd(slow))).toBeGreaterThan(mean(clientsToAd(base)) + 50);
    expect(mean(adServer(slow))).toBeLessThan(mean(adServer(base)) * 1.5);
  });

  it('an errors fault marks the target\'s SERVER spans ERROR with gRPC INTERNAL', () => {
    const fault: Fault = { kind: 'errors', target: 'cart', node: 'cart', startMinute: 0, endMinute: 10, effect: { ...NONE, fail: 0.5 }, what: '' };
    const cart = generate(fault, 80).filter((s) => svcOf(s) === 'cart' && s.kind === SpanKind.SERVER);
    const failed = cart.filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failed.length).toBeGreaterThan(cart.length * 0.25);
    expect(failed.every((s) => s.attributes['rpc.grpc.status_code'] === 13)).toBe(true);
  });
});

describe('bench/foreign scoring', () => {
  const fault: Fault = { kind: 'latency', target: 'currency', node: 'currency', startMinute: 100, endMinute: 108, effect: NONE, what: '' };
  const at = (m: number): string => new Date(T0 + m * 60_000).toISOString();
  const incident = (id: string, opened: number, services: string[], anomalyAt: number, roots: string[]): ApiIncident => ({
    id, status: 'resolved', openedAt: at(opened), firstAnomalyAt: at(anomalyAt), resolvedAt: at(opened + 5), services,
    rootCauses: roots.map((service) => ({ service, indicator: 'latency', score: 0.5, evidence: [] })),
    anomalies: services.map((service) => ({ service, operation: '', feature: 'p95Ms', windowStart: at(anomalyAt), value: 2, baseline: 1, score: 5 })),
  });

  it('finds the fault in the incident naming its node, ranks its root cause, and counts the incident far from any fault as false', () => {
    const run = scoreRun([
      incident('a', 102.5, ['frontend', 'currency'], 101, ['frontend', 'currency']),
      incident('b', 40, ['quote'], 39, ['quote']),
      incident('c', 113, ['ad'], 112, ['ad']),
    ], [fault], { startMs: T0, minutes: 200, nodes: 20 });
    expect(run.faults[0]).toMatchObject({ found: true, incidentId: 'a', detectSeconds: 150, rcaRank: 2 });
    // 'c' opened 5 minutes after the fault's end: inside its 10-minute aftermath, so not false; 'b' is.
    expect(run.falseIncidents.map((i) => i.id)).toEqual(['b']);
    expect(run.unmatched.map((i) => i.id)).toEqual(['b', 'c']);
    expect(run.serviceHours).toBeCloseTo((20 * 200) / 60, 6);
  });

  it('credits the incident opened for the fault, not one still open from before that absorbed its first window', () => {
    const before = { ...incident('old', 95, ['quote', 'currency'], 94, ['quote']), resolvedAt: at(101) };
    before.anomalies.push({ service: 'currency', operation: '', feature: 'p95Ms', windowStart: at(100), value: 2, baseline: 1, score: 5 });
    const run = scoreRun([before, incident('new', 102, ['currency'], 101, ['currency'])], [fault], { startMs: T0, minutes: 200, nodes: 20 });
    expect(run.faults[0]).toMatchObject({ found: true, incidentId: 'new', detectSeconds: 120, rcaRank: 1 });
    expect(run.unmatched.map((i) => i.id)).toEqual(['old']);
  });

  it('misses a fault whose incident never names the faulty node', () => {
    const run = scoreRun([incident('a', 102, ['frontend'], 101, ['frontend'])], [fault], { startMs: T0, minutes: 200, nodes: 20 });
    expect(run.faults[0]).toMatchObject({ found: false, rcaRank: null });
    expect(run.faults[0]!.strays).toEqual([['frontend']]);
  });
});
