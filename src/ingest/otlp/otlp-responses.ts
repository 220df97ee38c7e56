/**
 * Response bodies of OTLP/HTTP, encoded like the request: `Export*ServiceResponse` on success
 * (with `partial_success` when items were rejected) and `google.rpc.Status` on failure.
 * JSON follows the OTLP JSON mapping: lowerCamelCase keys, 64-bit integers as decimal strings.
 */
import { google, opentelemetry } from './generated/otlp.js';
import type { OtlpFormat } from './decode-common.js';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export const CONTENT_TYPES: Record<OtlpFormat, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** google.rpc.Code values used in Status bodies. */
export const RpcCode = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

const REJECTED_FIELD: Record<OtlpSignal, string> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };
const v1 = opentelemetry.proto.collector;

export function exportResponseBody(signal: OtlpSignal, format: OtlpFormat, rejected: number, errorMessage: string | undefined): Uint8Array {
  const field = REJECTED_FIELD[signal];
  if (format === 'json') {
    const body = rejected > 0 ? { partialSuccess: { [field]: String(rejected), errorMessage: errorMessage ?? '' } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const msg = rejected > 0 ? { partialSuccess: { [field]: rejected, errorMessage: errorMessage ?? '' } } : {};
  switch (signal) {
    case 'traces': return v1.trace.v1.ExportTraceServiceResponse.encode(msg).finish();
    case 'metrics': return v1.metrics.v1.ExportMetricsServiceResponse.encode(msg).finish();
    case 'logs': return v1.logs.v1.ExportLogsServiceResponse.encode(msg).finish();
  }
}

export function statusBody(format: OtlpFormat, code: number, message: string): Uint8Array {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message, details: [] }));
  return google.rpc.Status.encode({ code, message }).finish();
}
