/**
 * Realistic OTLP trace export requests for benches and tests: several services, HTTP server spans,
 * client spans with peer/db attributes, 4 attributes per span (about 205 bytes per span encoded).
 * Deterministic for a given seed.
 */
import { opentelemetry } from '../../src/ingest/otlp/generated/otlp.js';

type IExportTraceServiceRequest = opentelemetry.proto.collector.trace.v1.IExportTraceServiceRequest;
type ISpan = opentelemetry.proto.trace.v1.ISpan;

export interface TraceRequestOptions {
  /** Spans in the request (default 100). */
  spans?: number;
  /** Service names; spans are spread over them, one ResourceSpans each (default 5 services). */
  services?: string[];
  /** Start of the first span, epoch ms (default 2026-01-01T00:00:00Z). */
  startMs?: number;
  seed?: number;
  /** Event time between consecutive span starts, ms (default 3). */
  spacingMs?: number;
}

const DEFAULT_SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping'];
const ROUTES = ['/api/cart', '/api/checkout', '/api/products/{id}', '/api/orders', '/api/users/{id}/profile'];
const DBS = ['postgresql', 'redis', 'mysql'];

/** xorshift32: cheap, deterministic. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

function randomBytes(next: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
  if (b[0] === 0) b[0] = 1;
  return b;
}

const str = (stringValue: string) => ({ stringValue });
const int = (intValue: number) => ({ intValue });

/** The request as a message object (ids as Buffers, times as nanosecond numbers). */
export function buildTraceRequestObject(opts: TraceRequestOptions = {}): IExportTraceServiceRequest {
  const n = opts.spans ?? 100;
  const services = opts.services ?? DEFAULT_SERVICES;
  const startMs = opts.startMs ?? Date.UTC(2026, 0, 1);
  const next = rng(opts.seed ?? 42);
  const perService: ISpan[][] = services.map(() => []);
  let traceId = randomBytes(next, 16);
  let parent: Buffer | undefined;
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) { traceId = randomBytes(next, 16); parent = undefined; }
    const svc = (i + Math.floor(i / 5)) % services.length;
    const spanId = randomBytes(next, 8);
    const route = ROUTES[Math.floor(next() * ROUTES.length)];
    const client = i % 5 !== 0;
    const t0 = startMs + i * (opts.spacingMs ?? 3) + next() * Math.min(1, opts.spacingMs ?? 3);
    const dur = 1 + next() * 200;
    const error = next() < 0.02;
    const attributes = client
      ? [
          { key: 'peer.service', value: str(services[(svc + 1) % services.length]) },
          { key: 'server.address', value: str(`${services[(svc + 1) % services.length]}.prod.svc`) },
          { key: 'db.system', value: str(DBS[i % DBS.length]) },
          { key: 'http.response.status_code', value: int(error ? 503 : 200) },
        ]
      : [
          { key: 'http.request.method', value: str('GET') },
          { key: 'http.route', value: str(route) },
          { key: 'url.scheme', value: str('https') },
          { key: 'http.response.status_code', value: int(error ? 500 : 200) },
        ];
    perService[svc].push({
      traceId, spanId, parentSpanId: parent, name: client ? `GET ${route}` : `GET ${route}`,
      kind: client ? 3 : 2,
      startTimeUnixNano: Math.round(t0 * 1e6), endTimeUnixNano: Math.round((t0 + dur) * 1e6),
      attributes, status: { code: error ? 2 : 0 },
    });
    // Client spans are children of the trace's server span, as an instrumented handler's outgoing calls are.
    if (!client) parent = spanId;
  }
  return {
    resourceSpans: services.map((name, k) => ({
      resource: { attributes: [{ key: 'service.name', value: str(name) }, { key: 'service.version', value: str('1.4.2') }] },
      scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.200.0' }, spans: perService[k] }],
    })),
  };
}

/** The request encoded as protobuf bytes. */
export function buildTraceRequest(opts: TraceRequestOptions = {}): Uint8Array {
  return opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.encode(buildTraceRequestObject(opts)).finish();
}
