/**
 * OTLP metrics → MetricPoint[], one record per data point.
 *
 * Series identity: (service, name, attributes) where `attributes` holds the data point attributes,
 * stringified and inserted in key order, so two points of one series compare equal with JSON.stringify.
 * Resource attributes other than service.name, the scope and exemplars are not kept.
 * Kinds: gauge; sum (`monotonic` = is_monotonic, `cumulative` = temporality CUMULATIVE); histogram and
 * exponential histogram (value = sum, count = count, monotonic because counts only grow); summary
 * (value = sum, count = count, always cumulative and monotonic, as OTLP defines it).
 * Points flagged "no recorded value" (staleness markers) are skipped without counting them as rejects.
 */
import type { MetricKind, MetricPoint } from '../../core/telemetry.js';
import { opentelemetry } from './generated/otlp.js';
import { mapOrReject, parseRequest, readResource, RejectTally, timeBounds, type DecodeOptions, type OtlpFormat, type RejectReason, type TimeBounds } from './decode-common.js';
import { anyToText, enumNum, list, nanosToMs, toNum, type KeyValueLike } from './otlp-values.js';
import { cleanText, MAX_NAME_CHARS, MAX_VALUE_CHARS } from './sanitize.js';

const { ExportMetricsServiceRequest } = opentelemetry.proto.collector.metrics.v1;
const CUMULATIVE = 2;
const NO_RECORDED_VALUE = 1;
const TEMPORALITY_NAMES: Record<string, number> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

interface PointLike {
  attributes?: KeyValueLike[] | null;
  startTimeUnixNano?: unknown;
  timeUnixNano?: unknown;
  asDouble?: unknown;
  asInt?: unknown;
  count?: unknown;
  sum?: unknown;
  flags?: number | null;
}
interface DataLike {
  dataPoints?: PointLike[] | null;
  aggregationTemporality?: unknown;
  isMonotonic?: boolean | null;
}
interface MetricLike {
  name?: string | null;
  unit?: string | null;
  gauge?: DataLike | null;
  sum?: DataLike | null;
  histogram?: DataLike | null;
  exponentialHistogram?: DataLike | null;
  summary?: DataLike | null;
}
interface MetricsRequestLike {
  resourceMetrics?: { resource?: { attributes?: KeyValueLike[] | null } | null; scopeMetrics?: { metrics?: MetricLike[] | null }[] | null }[] | null;
}

export interface DecodedMetrics {
  metrics: MetricPoint[];
  rejected: number;
  reasons: Record<string, number>;
  errorMessage?: string;
}

/** Shape of one metric's data, resolved once per metric rather than per point. */
interface Series {
  service: string;
  name: string;
  unit: string;
  kind: MetricKind;
  monotonic: boolean;
  cumulative: boolean;
  /** Histograms and summaries carry count and sum; gauges and sums a single value. */
  aggregate: boolean;
}

/**
 * Decodes an `ExportMetricsServiceRequest` (protobuf bytes, JSON bytes or a parsed JSON object).
 * Throws `AiopsError('INGEST.BAD_PAYLOAD')` when the body as a whole cannot be read.
 */
export function decodeMetrics(msg: Uint8Array | object, format: OtlpFormat, opts: DecodeOptions): DecodedMetrics {
  const req = parseRequest<MetricsRequestLike>(msg, format, (r) => ExportMetricsServiceRequest.decode(r));
  return mapOrReject(() => mapMetrics(req, timeBounds(opts)));
}

function mapMetrics(req: MetricsRequestLike, bounds: TimeBounds): DecodedMetrics {
  const out: MetricPoint[] = [];
  const tally = new RejectTally();
  for (const rm of list(req.resourceMetrics)) {
    const { service } = readResource(rm.resource);
    for (const sm of list(rm.scopeMetrics)) {
      for (const m of list(sm.metrics)) {
        const [data, series] = describe(m, service);
        if (data === undefined) continue;
        const points = list(data.dataPoints);
        const whole: RejectReason | undefined = service === '' ? 'missing_service_name' : series.name === '' ? 'missing_metric_name' : undefined;
        if (whole) {
          tally.add(whole, points.length);
          continue;
        }
        for (const p of points) {
          if (((p.flags ?? 0) & NO_RECORDED_VALUE) !== 0) continue;
          const r = mapPoint(p, series, bounds);
          if (typeof r === 'string') tally.add(r, 1);
          else out.push(r);
        }
      }
    }
  }
  return { metrics: out, rejected: tally.total, reasons: tally.reasons, errorMessage: tally.message('data points') };
}

function describe(m: MetricLike, service: string): [DataLike | undefined, Series] {
  const base = {
    service,
    name: typeof m.name === 'string' ? cleanText(m.name, MAX_NAME_CHARS) : '',
    unit: typeof m.unit === 'string' ? cleanText(m.unit, MAX_NAME_CHARS) : '',
  };
  if (m.gauge != null) return [m.gauge, { ...base, kind: 'gauge', monotonic: false, cumulative: false, aggregate: false }];
  if (m.sum != null) {
    const cumulative = enumNum(m.sum.aggregationTemporality, TEMPORALITY_NAMES) === CUMULATIVE;
    return [m.sum, { ...base, kind: 'sum', monotonic: m.sum.isMonotonic === true, cumulative, aggregate: false }];
  }
  const hist = m.histogram ?? m.exponentialHistogram;
  if (hist != null) {
    const cumulative = enumNum(hist.aggregationTemporality, TEMPORALITY_NAMES) === CUMULATIVE;
    return [hist, { ...base, kind: 'histogram', monotonic: true, cumulative, aggregate: true }];
  }
  if (m.summary != null) return [m.summary, { ...base, kind: 'summary', monotonic: true, cumulative: true, aggregate: true }];
  return [undefined, { ...base, kind: 'gauge', monotonic: false, cumulative: false, aggregate: false }];
}

function mapPoint(p: PointLike, s: Series, bounds: TimeBounds): MetricPoint | RejectReason {
  const timeMs = nanosToMs(p.timeUnixNano);
  const startMs = nanosToMs(p.startTimeUnixNano);
  if (!(timeMs > 0) || startMs > timeMs) return 'invalid_timestamp';
  if (timeMs > bounds.maxMs) return 'future_timestamp';
  if (timeMs < bounds.minMs) return 'too_old';
  let value: number;
  let count = 1;
  if (s.aggregate) {
    value = p.sum == null ? 0 : toNum(p.sum);
    count = toNum(p.count);
  } else if (p.asDouble != null) {
    value = toNum(p.asDouble);
  } else if (p.asInt != null) {
    value = toNum(p.asInt);
  } else {
    return 'missing_value';
  }
  // NaN and ±Inf poison every sum, mean and baseline they enter; OTLP allows them, the features cannot use them.
  if (!Number.isFinite(value) || !Number.isFinite(count)) return 'non_finite_value';
  return {
    service: s.service, name: s.name, unit: s.unit, kind: s.kind, timeMs, value, count,
    monotonic: s.monotonic, cumulative: s.cumulative, attributes: pointAttributes(list(p.attributes)),
  };
}

function pointAttributes(attrs: KeyValueLike[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (attrs.length === 0) return out;
  const keys: string[] = [];
  const values = new Map<string, string>();
  for (const kv of attrs) {
    const key = typeof kv.key === 'string' ? cleanText(kv.key, MAX_NAME_CHARS) : '';
    if (!values.has(key)) keys.push(key);
    values.set(key, anyToText(kv.value, MAX_VALUE_CHARS));
  }
  keys.sort();
  for (const k of keys) out[k] = values.get(k)!;
  return out;
}
