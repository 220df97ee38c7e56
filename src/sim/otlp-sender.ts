import { gzipSync } from 'node:zlib';
import { AiopsError } from '../core/errors.js';
import type { TelemetryBatch } from '../core/telemetry.js';
import { opentelemetry } from '../ingest/otlp/generated/otlp.js';
import { encodeLogs, encodeMetrics, encodeTraces, resourceInfoOf, type OtlpFormat } from './otlp-encode.js';
import type { AttributeDialect } from './types.js';

export interface SendResult {
  /** Final HTTP status: the first non-2xx one that survived retries, else the last 2xx. */
  status: number;
  /** Items the receiver reported as rejected through OTLP partial success. */
  rejected: number;
  /** Retries made across all requests of the batch. */
  retries: number;
}

export interface SendOptions {
  format?: OtlpFormat;
  gzip?: boolean;
  /** Retries per request on 429/502/503/504 and network errors, default 5. */
  maxRetries?: number;
  /** Spans per /v1/traces request, default 5000. */
  maxSpansPerRequest?: number;
  /** `service.namespace` resource attribute. */
  namespace?: string;
  /** Attribute names per service (Topology.dialects of the `diverse` profile). */
  dialects?: Record<string, AttributeDialect>;
  /** Cap on one wait, so a hostile Retry-After cannot stall a demo (ms, default 30 000). */
  maxBackoffMs?: number;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const svc = opentelemetry.proto.collector;

/**
 * POSTs a batch to an OTLP/HTTP endpoint (`/v1/traces`, `/v1/metrics`, `/v1/logs`), retrying as the OTLP
 * spec asks: 429/502/503/504 are retryable, waiting for `Retry-After` when given, else exponential backoff
 * with jitter. Other failures are returned in `status`, not thrown; an unreachable endpoint throws.
 */
export async function sendBatch(endpoint: string, batch: TelemetryBatch, opts: SendOptions = {}): Promise<SendResult> {
  const format = opts.format ?? 'protobuf';
  const info = { ...resourceInfoOf(batch.spans, opts.namespace), dialects: opts.dialects };
  const chunk = Math.max(1, opts.maxSpansPerRequest ?? 5000);
  const bodies: Array<[signal: 'traces' | 'metrics' | 'logs', body: Uint8Array]> = [];
  for (let i = 0; i < batch.spans.length; i += chunk) bodies.push(['traces', encodeTraces(batch.spans.slice(i, i + chunk), format, info)]);
  if (batch.metrics.length > 0) bodies.push(['metrics', encodeMetrics(batch.metrics, format, info)]);
  if (batch.logs.length > 0) bodies.push(['logs', encodeLogs(batch.logs, format, info)]);
  const result: SendResult = { status: 200, rejected: 0, retries: 0 };
  const base = endpoint.replace(/\/+$/, '');
  for (const [signal, body] of bodies) {
    const res = await post(`${base}/v1/${signal}`, body, format, opts, result);
    if (res.status >= 200 && res.status < 300) {
      result.rejected += await rejectedIn(res, signal, format);
      if (result.status < 300) result.status = res.status;
    } else if (result.status < 300) {
      result.status = res.status;
    }
  }
  return result;
}

async function post(url: string, raw: Uint8Array, format: OtlpFormat, opts: SendOptions, result: SendResult): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf' };
  let body = raw;
  if (opts.gzip) {
    body = gzipSync(raw);
    headers['content-encoding'] = 'gzip';
  }
  const maxRetries = opts.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    let failure: unknown;
    try {
      res = await fetch(url, { method: 'POST', headers, body });
    } catch (e) {
      failure = e;
    }
    if (res && !RETRYABLE.has(res.status)) return res;
    if (attempt >= maxRetries) {
      if (res) return res;
      throw new AiopsError('INTERNAL', `OTLP endpoint ${url} unreachable after ${attempt + 1} attempts`, { cause: failure });
    }
    const wait = Math.min(opts.maxBackoffMs ?? 30_000, retryAfterMs(res?.headers.get('retry-after')) ?? backoffMs(attempt));
    await res?.arrayBuffer().catch(() => undefined);
    result.retries++;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const backoffMs = (attempt: number) => 200 * 2 ** attempt * (0.5 + Math.random());

async function rejectedIn(res: Response, signal: 'traces' | 'metrics' | 'logs', format: OtlpFormat): Promise<number> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length === 0) return 0;
  try {
    const json = (res.headers.get('content-type') ?? '').includes('json') || format === 'json';
    const partial = json
      ? (JSON.parse(new TextDecoder().decode(bytes)) as { partialSuccess?: Record<string, unknown> }).partialSuccess
      : decodeResponse(signal, bytes);
    const n = partial?.rejectedSpans ?? partial?.rejectedDataPoints ?? partial?.rejectedLogRecords ?? 0;
    return Number(n) || 0;
  } catch {
    return 0;
  }
}

function decodeResponse(signal: 'traces' | 'metrics' | 'logs', bytes: Uint8Array): Record<string, unknown> | undefined {
  const decoded = signal === 'traces' ? svc.trace.v1.ExportTraceServiceResponse.decode(bytes)
    : signal === 'metrics' ? svc.metrics.v1.ExportMetricsServiceResponse.decode(bytes)
      : svc.logs.v1.ExportLogsServiceResponse.decode(bytes);
  return (decoded as { partialSuccess?: Record<string, unknown> | null }).partialSuccess ?? undefined;
}
