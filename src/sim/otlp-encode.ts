import type { LogRecord, MetricPoint, SpanRecord } from '../core/telemetry.js';
import { opentelemetry } from '../ingest/otlp/generated/otlp.js';
import { buildLogs, buildMetrics, buildTraces, JSON_FLAVOUR, PROTOBUF, type ResourceInfo } from './otlp-build.js';

export type { ResourceInfo } from './otlp-build.js';
export type OtlpFormat = 'protobuf' | 'json';

const collector = opentelemetry.proto.collector;
type TracesRequest = opentelemetry.proto.collector.trace.v1.IExportTraceServiceRequest;
type MetricsRequest = opentelemetry.proto.collector.metrics.v1.IExportMetricsServiceRequest;
type LogsRequest = opentelemetry.proto.collector.logs.v1.IExportLogsServiceRequest;
// The builders are typed for both flavours (ids as bytes or hex); with PROTOBUF they yield these shapes.
const utf8 = new TextEncoder();

/**
 * Encodes spans as an OTLP ExportTraceServiceRequest: one ResourceSpans per (service, version) with
 * `service.name`, `service.version`, `service.namespace`, one scope. JSON follows the OTLP/JSON mapping
 * (hex ids, int64 as strings, enums as integers, lowerCamelCase).
 */
export function encodeTraces(spans: SpanRecord[], format: OtlpFormat, info: ResourceInfo = {}): Uint8Array {
  if (format === 'json') return utf8.encode(JSON.stringify(buildTraces(JSON_FLAVOUR, spans, info)));
  return collector.trace.v1.ExportTraceServiceRequest.encode(buildTraces(PROTOBUF, spans, info) as unknown as TracesRequest).finish();
}

/** Encodes metric points, one Metric per (name, unit, kind, temporality) with its data points. */
export function encodeMetrics(points: MetricPoint[], format: OtlpFormat, info: ResourceInfo = {}): Uint8Array {
  if (format === 'json') return utf8.encode(JSON.stringify(buildMetrics(JSON_FLAVOUR, points, info)));
  return collector.metrics.v1.ExportMetricsServiceRequest.encode(buildMetrics(PROTOBUF, points, info) as unknown as MetricsRequest).finish();
}

export function encodeLogs(logs: LogRecord[], format: OtlpFormat, info: ResourceInfo = {}): Uint8Array {
  if (format === 'json') return utf8.encode(JSON.stringify(buildLogs(JSON_FLAVOUR, logs, info)));
  return collector.logs.v1.ExportLogsServiceRequest.encode(buildLogs(PROTOBUF, logs, info) as unknown as LogsRequest).finish();
}

/** Resource info a batch implies: versions from its spans, so metrics and logs share the spans' resource. */
export function resourceInfoOf(spans: readonly SpanRecord[], namespace?: string): ResourceInfo {
  const versions: Record<string, string> = {};
  for (const s of spans) if (s.serviceVersion && !(s.service in versions)) versions[s.service] = s.serviceVersion;
  return { namespace, versions };
}
