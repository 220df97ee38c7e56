/**
 * What the shared OTLP handler's answer means for a Kafka message: accepted, retry later (backpressure or
 * shutdown), or poison for the dead-letter topic with a reason. A message whose every item was rejected
 * (for example all timestamps too far in the future) is poison too; one with some good items is accepted and
 * its rejected items are counted as on the HTTP path.
 */
import type { OtlpResponse } from '../otlp-handler.js';
import type { OtlpSignal } from '../otlp/otlp-responses.js';
import type { OtlpFormat } from '../otlp/decode-common.js';
import { google, opentelemetry } from '../otlp/generated/otlp.js';

export type MessageOutcome =
  | { kind: 'accepted' }
  | { kind: 'empty' }
  | { kind: 'retry'; why: 'queue_full' | 'shutting_down' | 'ahead' }
  | { kind: 'poison'; reason: string; message: string };

const v1 = opentelemetry.proto.collector;

function partialSuccess(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array): { rejected: number; message: string } {
  try {
    if (format === 'json') {
      const p = (JSON.parse(Buffer.from(body).toString('utf8')) as { partialSuccess?: Record<string, string> }).partialSuccess ?? {};
      const rejected = Number(p.rejectedSpans ?? p.rejectedDataPoints ?? p.rejectedLogRecords ?? 0);
      return { rejected, message: p.errorMessage ?? '' };
    }
    const r = signal === 'traces' ? v1.trace.v1.ExportTraceServiceResponse.decode(body).partialSuccess
      : signal === 'metrics' ? v1.metrics.v1.ExportMetricsServiceResponse.decode(body).partialSuccess
        : v1.logs.v1.ExportLogsServiceResponse.decode(body).partialSuccess;
    const p = (r ?? {}) as { rejectedSpans?: number; rejectedDataPoints?: number; rejectedLogRecords?: number; errorMessage?: string };
    return { rejected: Number(p.rejectedSpans ?? p.rejectedDataPoints ?? p.rejectedLogRecords ?? 0), message: p.errorMessage ?? '' };
  } catch {
    return { rejected: 0, message: '' };
  }
}

function statusMessage(format: OtlpFormat, body: Uint8Array): string {
  try {
    if (format === 'json') return String((JSON.parse(Buffer.from(body).toString('utf8')) as { message?: unknown }).message ?? '');
    return google.rpc.Status.decode(body).message;
  } catch {
    return '';
  }
}

/** `rejected 3 spans: future_timestamp=3, invalid_id=1` → `future_timestamp` (the most frequent reason). */
function mainReason(errorMessage: string): string {
  let best = 'rejected';
  let most = 0;
  for (const m of errorMessage.matchAll(/([a-z_]+)=(\d+)/g)) {
    if (Number(m[2]) > most) {
      most = Number(m[2]);
      best = m[1]!;
    }
  }
  return best;
}

/** `accepted` means the handler put items on the ingest queue (the caller saw the batch through `offer`); `heldAhead`
 *  that the caller's `offer` held the batch back for event-time alignment. */
export function outcomeOf(signal: OtlpSignal, format: OtlpFormat, r: OtlpResponse, enqueued: boolean, heldAhead = false): MessageOutcome {
  if (heldAhead) return { kind: 'retry', why: 'ahead' };
  switch (r.status) {
    case 200: {
      if (enqueued) return { kind: 'accepted' };
      const p = partialSuccess(signal, format, r.body);
      return p.rejected > 0 ? { kind: 'poison', reason: mainReason(p.message), message: p.message } : { kind: 'empty' };
    }
    case 429: return { kind: 'retry', why: 'queue_full' };
    case 503: return { kind: 'retry', why: 'shutting_down' };
    case 400: return { kind: 'poison', reason: 'bad_payload', message: statusMessage(format, r.body) };
    case 413: return { kind: 'poison', reason: 'too_large', message: statusMessage(format, r.body) };
    case 415: return { kind: 'poison', reason: 'unsupported_encoding', message: statusMessage(format, r.body) };
    default: return { kind: 'poison', reason: 'internal', message: statusMessage(format, r.body) };
  }
}
