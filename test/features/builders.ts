/** Fixture builders for feature tests: complete records with overridable fields. */
import { SpanKind, type LogRecord, type MetricPoint, type SpanRecord, type TelemetryBatch } from '../../src/core/index.js';

let next = 1;
export function hexId(n = next++, width = 16): string {
  return n.toString(16).padStart(width, '0');
}

export function span(over: Partial<SpanRecord> = {}): SpanRecord {
  const startMs = over.startMs ?? 0;
  return {
    traceId: hexId(next++, 32),
    spanId: hexId(),
    parentSpanId: hexId(),
    service: 'api',
    name: 'GET /',
    kind: SpanKind.SERVER,
    startMs,
    endMs: startMs + 10,
    statusCode: 0,
    ...over,
  };
}

export function metric(over: Partial<MetricPoint> = {}): MetricPoint {
  return {
    service: 'api',
    name: 'process.cpu.utilization',
    unit: '1',
    kind: 'gauge',
    timeMs: 0,
    value: 0,
    count: 1,
    monotonic: false,
    cumulative: false,
    attributes: {},
    ...over,
  };
}

export function log(over: Partial<LogRecord> = {}): LogRecord {
  return { service: 'api', timeMs: 0, severityNumber: 9, severityText: 'INFO', body: '', traceId: '', ...over };
}

export function batch(parts: Partial<TelemetryBatch>): TelemetryBatch {
  return { spans: [], metrics: [], logs: [], source: 'test', ...parts };
}

export const MIN = 60_000;
