import type { LogRecord, MetricPoint, SpanRecord } from '../core/telemetry.js';
import { peerAttributes } from './attribute-dialects.js';
import type { AttributeDialect } from './types.js';

/**
 * Builds OTLP export requests as plain objects. The same builder serves both wire formats through a
 * flavour: protobuf wants bytes and numbers, OTLP/JSON wants hex ids and int64 as decimal strings
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 */
export interface Flavour {
  id(hex: string): Uint8Array | string;
  int64(n: number): number | string;
  nanos(ms: number): number | string;
}

/** Extra resource attributes the domain records do not carry. */
export interface ResourceInfo {
  /** `service.namespace`; omitted when undefined. */
  namespace?: string;
  /** `service.version` per service for metrics and logs (spans carry their own). */
  versions?: Record<string, string>;
  /** Attribute names per service (Topology.dialects); absent: the classic mix. */
  dialects?: Record<string, AttributeDialect>;
}

export const SCOPE = { name: 'otlp-aiops-sim', version: '0.1.0' };

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export const PROTOBUF: Flavour = {
  id: hexToBytes,
  int64: (n) => n,
  // fixed64 as a JS number: exact to 256 ns at today's epoch, below what the pipeline resolves.
  nanos: (ms) => Math.round(ms * 1e6),
};

export const JSON_FLAVOUR: Flavour = {
  id: (hex) => hex,
  int64: (n) => String(Math.round(n)),
  nanos: (ms) => (BigInt(Math.round(ms * 1000)) * 1000n).toString(),
};

type Attr = { key: string; value: Record<string, unknown> };

export const strAttr = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const intAttr = (f: Flavour, key: string, value: number): Attr => ({ key, value: { intValue: f.int64(value) } });

function resource(service: string, version: string | undefined, info: ResourceInfo) {
  const attributes = [strAttr('service.name', service)];
  if (version) attributes.push(strAttr('service.version', version));
  if (info.namespace) attributes.push(strAttr('service.namespace', info.namespace));
  return { attributes };
}

/** Groups records by (service, version) preserving first-seen order. */
function groupBy<T>(items: readonly T[], key: (t: T) => [string, string | undefined]) {
  const groups = new Map<string, { service: string; version?: string; items: T[] }>();
  for (const it of items) {
    const [service, version] = key(it);
    const k = `${service}\u0000${version ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { service, version, items: [] }));
    g.items.push(it);
  }
  return [...groups.values()];
}

function spanAttributes(f: Flavour, s: SpanRecord, info: ResourceInfo): Attr[] {
  return peerAttributes(s, info.dialects?.[s.service], (key, n) => intAttr(f, key, n));
}

export function buildTraces(f: Flavour, spans: readonly SpanRecord[], info: ResourceInfo) {
  return {
    resourceSpans: groupBy(spans, (s) => [s.service, s.serviceVersion]).map((g) => ({
      resource: resource(g.service, g.version, info),
      scopeSpans: [{
        scope: SCOPE,
        spans: g.items.map((s) => ({
          traceId: f.id(s.traceId),
          spanId: f.id(s.spanId),
          ...(s.parentSpanId ? { parentSpanId: f.id(s.parentSpanId) } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: f.nanos(s.startMs),
          endTimeUnixNano: f.nanos(s.endMs),
          attributes: spanAttributes(f, s, info),
          status: s.statusCode === 0 ? {} : { code: s.statusCode },
        })),
      }],
    })),
  };
}

const WHOLE_UNITS = new Set(['By', '{connection}']);

function dataPoint(f: Flavour, p: MetricPoint) {
  const attributes = Object.keys(p.attributes).sort().map((k) => strAttr(k, p.attributes[k]));
  const start = p.cumulative || p.kind === 'gauge' ? {} : { startTimeUnixNano: f.nanos(p.timeMs - 60_000) };
  const base = { attributes, ...start, timeUnixNano: f.nanos(p.timeMs) };
  if (p.kind === 'histogram') return { ...base, count: f.int64(p.count), sum: p.value, bucketCounts: [f.int64(p.count)], explicitBounds: [] };
  if (p.kind === 'summary') return { ...base, count: f.int64(p.count), sum: p.value };
  return Number.isInteger(p.value) && WHOLE_UNITS.has(p.unit) ? { ...base, asInt: f.int64(p.value) } : { ...base, asDouble: p.value };
}

function metric(f: Flavour, points: MetricPoint[]) {
  const p = points[0];
  const dataPoints = points.map((x) => dataPoint(f, x));
  const temporality = p.cumulative ? 2 : 1;
  const body =
    p.kind === 'gauge' ? { gauge: { dataPoints } }
      : p.kind === 'sum' ? { sum: { dataPoints, aggregationTemporality: temporality, isMonotonic: p.monotonic } }
        : p.kind === 'histogram' ? { histogram: { dataPoints, aggregationTemporality: temporality } }
          : { summary: { dataPoints } };
  return { name: p.name, unit: p.unit, ...body };
}

export function buildMetrics(f: Flavour, points: readonly MetricPoint[], info: ResourceInfo) {
  return {
    resourceMetrics: groupBy(points, (p) => [p.service, info.versions?.[p.service]]).map((g) => {
      const series = new Map<string, MetricPoint[]>();
      for (const p of g.items) {
        const k = `${p.name}\u0000${p.unit}\u0000${p.kind}\u0000${p.monotonic}\u0000${p.cumulative}`;
        const list = series.get(k);
        if (list) list.push(p);
        else series.set(k, [p]);
      }
      return {
        resource: resource(g.service, g.version, info),
        scopeMetrics: [{ scope: SCOPE, metrics: [...series.values()].map((ps) => metric(f, ps)) }],
      };
    }),
  };
}

export function buildLogs(f: Flavour, logs: readonly LogRecord[], info: ResourceInfo) {
  return {
    resourceLogs: groupBy(logs, (l) => [l.service, info.versions?.[l.service]]).map((g) => ({
      resource: resource(g.service, g.version, info),
      scopeLogs: [{
        scope: SCOPE,
        logRecords: g.items.map((l) => ({
          timeUnixNano: f.nanos(l.timeMs),
          observedTimeUnixNano: f.nanos(l.timeMs),
          severityNumber: l.severityNumber,
          severityText: l.severityText,
          body: { stringValue: l.body },
          ...(l.traceId ? { traceId: f.id(l.traceId) } : {}),
        })),
      }],
    })),
  };
}
