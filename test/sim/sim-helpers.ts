import { SpanKind, type MetricPoint, type SpanRecord, type TelemetryBatch } from '../../src/core/telemetry.js';
import type { Simulation } from '../../src/sim/types.js';

export const START = Date.UTC(2026, 0, 5, 8, 0);

export function minutes(sim: Simulation, from: number, to: number): TelemetryBatch[] {
  return Array.from({ length: to - from }, (_, k) => sim.minute(from + k));
}

export const serverSpans = (batches: TelemetryBatch[], service: string): SpanRecord[] =>
  batches.flatMap((b) => b.spans.filter((s) => s.service === service && s.kind === SpanKind.SERVER));

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export const meanDuration = (spans: SpanRecord[]): number => mean(spans.map((s) => s.endMs - s.startMs));

export const errorRate = (spans: SpanRecord[]): number => spans.filter((s) => s.statusCode === 2).length / Math.max(1, spans.length);

/** Server spans of `caller` that directly made a call answered by a server span of `callee`. */
export function callerSpansOf(batches: TelemetryBatch[], caller: string, callee: string): SpanRecord[] {
  const out: SpanRecord[] = [];
  for (const b of batches) {
    const byId = new Map(b.spans.map((s) => [s.spanId, s]));
    const picked = new Set<string>();
    for (const s of b.spans) {
      if (s.service !== callee || s.kind !== SpanKind.SERVER) continue;
      const client = byId.get(s.parentSpanId);
      const server = client && byId.get(client.parentSpanId);
      if (server && server.service === caller && !picked.has(server.spanId)) {
        picked.add(server.spanId);
        out.push(server);
      }
    }
  }
  return out;
}

export function metricValues(batches: TelemetryBatch[], service: string, name: string, filter: (p: MetricPoint) => boolean = () => true): number[] {
  return batches.flatMap((b) => b.metrics.filter((m) => m.service === service && m.name === name && filter(m)).map((m) => m.value));
}

/** Mean exclusive time of a service's server spans: duration minus the time covered by its client calls. */
export function meanSelfTime(batches: TelemetryBatch[], service: string): number {
  const selfTimes: number[] = [];
  for (const b of batches) {
    const children = new Map<string, SpanRecord[]>();
    for (const s of b.spans) {
      if (s.kind !== SpanKind.CLIENT || s.service !== service) continue;
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    }
    for (const s of b.spans) {
      if (s.kind !== SpanKind.SERVER || s.service !== service) continue;
      let covered = 0;
      let until = -Infinity;
      for (const c of (children.get(s.spanId) ?? []).sort((x, y) => x.startMs - y.startMs)) {
        const from = Math.max(c.startMs, until);
        if (c.endMs > from) covered += c.endMs - from;
        until = Math.max(until, c.endMs);
      }
      selfTimes.push(s.endMs - s.startMs - covered);
    }
  }
  return mean(selfTimes);
}
