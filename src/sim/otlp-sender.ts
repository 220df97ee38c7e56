import { gzipSync } from 'node:zlib';
import { backOff } from 'exponential-backoff';
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
  const maxWaitMs = opts.maxBackoffMs ?? 30_000;
  const once = async (): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body });
    } catch (e) {
      throw new Retryable(undefined, e);
    }
    if (!RETRYABLE.has(res.status)) return res;
    await res.arrayBuffer().catch(() => undefined);
    throw new Retryable(res);
  };
  try {
    // exponential-backoff: 200 ms × 2^n with full jitter, capped; Retry-After, when the server sends one, is
    // waited first (the spec asks for at least that long), then the jittered delay.
    return await backOff(once, {
      numOfAttempts: maxRetries + 1,
      startingDelay: 200,
      timeMultiple: 2,
      maxDelay: maxWaitMs,
      jitter: 'full',
      retry: async (e: unknown, attempt: number) => {
        if (!(e instanceof Retryable) || attempt > maxRetries) return false;
        result.retries++;
        const after = retryAfterMs(e.res?.headers.get('retry-after'));
        if (after) await new Promise((resolve) => setTimeout(resolve, Math.min(maxWaitMs, after)));
        return true;
      },
    });
  } catch (e) {
    if (!(e instanceof Retryable)) throw e;
    if (e.res) return e.res;
    throw new AiopsError('INTERNAL', `OTLP endpoint ${url} unreachable after ${maxRetries + 1} attempts`, { cause: e.cause });
  }
}

/** A retryable outcome: a 429/502/503/504 response, or a network error (`res` undefined). */
class Retryable extends Error {
  constructor(readonly res: Response | undefined, cause?: unknown) {
    super(res ? `HTTP ${res.status}` : 'network error', { cause });
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
