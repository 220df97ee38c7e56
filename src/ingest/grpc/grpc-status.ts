/**
 * The OTLP handler's HTTP-style answers as gRPC statuses, as the OTLP specification maps them
 * (https://opentelemetry.io/docs/specs/otlp/#failures): a bad payload is INVALID_ARGUMENT (not retryable); a full
 * queue is RESOURCE_EXHAUSTED and shutting down is UNAVAILABLE, both with a `google.rpc.RetryInfo` detail in
 * `grpc-status-details-bin` so that exporters wait that long before they retry.
 */
import { Metadata, status as Code } from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';
import { google } from '../otlp/generated/otlp.js';
import type { OtlpResponse } from '../otlp-handler.js';

export interface GrpcError {
  code: Code;
  details: string;
  metadata?: Metadata;
}

/** google.rpc.RetryInfo { retry_delay: google.protobuf.Duration { seconds } }, encoded by hand (2 varint fields). */
function retryInfo(seconds: number): Uint8Array {
  const duration = protobuf.Writer.create().uint32(8).int64(seconds).finish();
  return protobuf.Writer.create().uint32(10).bytes(duration).finish();
}

function withRetry(code: Code, details: string, seconds: number): GrpcError {
  const metadata = new Metadata();
  const st = google.rpc.Status.encode({
    code, message: details,
    details: [{ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo(seconds) }],
  }).finish();
  metadata.set('grpc-status-details-bin', Buffer.from(st));
  return { code, details, metadata };
}

function message(r: OtlpResponse): string {
  try {
    return google.rpc.Status.decode(r.body).message || `status ${r.status}`;
  } catch {
    return `status ${r.status}`;
  }
}

/** null: success (the body is the Export*ServiceResponse, partial success included). */
export function grpcErrorOf(r: OtlpResponse): GrpcError | null {
  if (r.status === 200) return null;
  const retryAfter = Number(r.headers['retry-after'] ?? '1') || 1;
  switch (r.status) {
    case 400:
    case 415: return { code: Code.INVALID_ARGUMENT, details: message(r) };
    case 401: return { code: Code.UNAUTHENTICATED, details: message(r) };
    case 413: return { code: Code.RESOURCE_EXHAUSTED, details: message(r) };
    case 429: return withRetry(Code.RESOURCE_EXHAUSTED, message(r), retryAfter);
    case 503: return withRetry(Code.UNAVAILABLE, message(r), retryAfter);
    default: return { code: Code.INTERNAL, details: message(r) };
  }
}
