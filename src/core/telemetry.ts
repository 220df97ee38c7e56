/**
 * Domain records decoded from OTLP. The receiver keeps only the fields the pipeline uses, so that a
 * span costs a few dozen bytes in the queue instead of the whole protobuf message.
 * Times are event times in epoch milliseconds (fractional: sub-millisecond precision is kept).
 */

/** OTLP SpanKind numbers (opentelemetry/proto/trace/v1/trace.proto). */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
export type SpanKindNumber = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.code: 0 unset, 1 ok, 2 error. */
export type SpanStatusCode = 0 | 1 | 2;

export interface SpanRecord {
  /** Lower-case hex, 32 chars. */
  traceId: string;
  /** Lower-case hex, 16 chars. */
  spanId: string;
  /** Lower-case hex, 16 chars, or '' for a root span. */
  parentSpanId: string;
  /** Resource attribute `service.name`. */
  service: string;
  /** Span name, used as the operation. */
  name: string;
  kind: SpanKindNumber;
  startMs: number;
  endMs: number;
  statusCode: SpanStatusCode;
  /**
   * Selected attributes that name the callee of a client span or the version of the service, stable
   * semantic-convention names first, old ones as fallback (see src/features/node-names.ts).
   */
  /** `peer.service` (or `service.peer.name`). */
  peerService?: string;
  /** `server.address` (old `net.peer.name`; else the host of `url.full`/`http.url`/`http.host`). */
  serverAddress?: string;
  /** `server.port` (old `net.peer.port`). */
  serverPort?: number;
  /** `network.peer.address` and `network.peer.port` (old `net.sock.peer.addr`/`.port`): the socket peer. */
  peerAddress?: string;
  peerPort?: number;
  /** `db.system.name` (old `db.system`). */
  dbSystem?: string;
  /** `db.namespace` (old `db.name`). */
  dbName?: string;
  /** `messaging.system` and `messaging.destination.name` (old `messaging.destination`). */
  messagingSystem?: string;
  messagingDestination?: string;
  rpcService?: string;
  httpStatus?: number;
  /** Resource `service.version`. */
  serviceVersion?: string;
  /** Resource `k8s.replicaset.name` (it carries the pod template hash): a rollout with no new version still changes it. */
  serviceRevision?: string;
}

export type MetricKind = 'gauge' | 'sum' | 'histogram' | 'summary';

/** One data point of an OTLP metric, flattened. Histograms carry their count/sum (avg = sum/count). */
export interface MetricPoint {
  service: string;
  name: string;
  unit: string;
  kind: MetricKind;
  timeMs: number;
  /** Gauge or sum value; for histograms and summaries the sum. */
  value: number;
  /** Histogram or summary count; 1 for gauges and sums. */
  count: number;
  /** Monotonic cumulative sums need a delta against the previous point of the same series. */
  monotonic: boolean;
  cumulative: boolean;
  /** Data point attributes rendered as `k=v` pairs sorted by key; identifies the series with service+name. */
  attributes: Record<string, string>;
}

export interface LogRecord {
  service: string;
  timeMs: number;
  /** OTLP SeverityNumber 1..24 (0 unspecified). */
  severityNumber: number;
  severityText: string;
  body: string;
  traceId: string;
}

/** A decoded export request, the unit that flows through the pipeline. */
export interface TelemetryBatch {
  spans: SpanRecord[];
  metrics: MetricPoint[];
  logs: LogRecord[];
  /** Where it came from: `otlp-http`, `kafka`, `sim`, … (for metrics labels). */
  source: string;
}

export function emptyBatch(source: string): TelemetryBatch {
  return { spans: [], metrics: [], logs: [], source };
}
