/**
 * Rollups of fine rows into coarser ones (1m → 5m/15m/1h). Latency sketches are merged, so rolled-up
 * quantiles are those of all the underlying requests (within the sketch's 1 %), never averages of
 * quantiles. Counts add; cpu, memory and poolUse are averaged over the rows that have them; gcMs is a
 * time spent per window, so it adds too.
 */
import { RESOLUTION_MS, type EdgeWindow, type FeatureWindow, type Resolution } from '../core/index.js';
import { mergeSketchBytes, quantilesOf } from './sketch-codec.js';

export function bucketStart(ms: number, resolution: Resolution): number {
  const size = RESOLUTION_MS[resolution];
  return Math.floor(ms / size) * size;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
    else g.push(r);
  }
  return groups;
}

function sumOf<T>(rows: readonly T[], f: (r: T) => number): number {
  let s = 0;
  for (const r of rows) s += f(r);
  return s;
}

/** Mean of the non-null values; null when every row lacks the value. */
function meanOf<T>(rows: readonly T[], f: (r: T) => number | null | undefined): number | null {
  let s = 0;
  let n = 0;
  for (const r of rows) {
    const v = f(r);
    if (v === null || v === undefined) continue;
    s += v;
    n++;
  }
  return n > 0 ? s / n : null;
}

function nullableSum<T>(rows: readonly T[], f: (r: T) => number | null | undefined): number | null {
  const m = meanOf(rows, f);
  return m === null ? null : sumOf(rows, (r) => f(r) ?? 0);
}

function maxOf<T>(rows: readonly T[], f: (r: T) => number | null): number | null {
  let m: number | null = null;
  for (const r of rows) {
    const v = f(r);
    if (v !== null && (m === null || v > m)) m = v;
  }
  return m;
}

export function rollupWindows(rows: readonly FeatureWindow[], resolution: Resolution): FeatureWindow[] {
  const seconds = RESOLUTION_MS[resolution] / 1000;
  const groups = groupBy(rows, (r) => `${r.service}\u0000${r.operation}\u0000${bucketStart(r.windowStart, resolution)}`);
  const out: FeatureWindow[] = [];
  for (const g of groups.values()) {
    const requests = sumOf(g, (r) => r.requests);
    const errors = sumOf(g, (r) => r.errors);
    const maxMs = maxOf(g, (r) => r.maxMs);
    const sketch = mergeSketchBytes(g.map((r) => r.sketch));
    const q = sketch === null ? { p50Ms: maxOf(g, (r) => r.p50Ms), p95Ms: maxOf(g, (r) => r.p95Ms), p99Ms: maxOf(g, (r) => r.p99Ms) } : quantilesOf(sketch, maxMs);
    out.push({
      service: g[0].service,
      operation: g[0].operation,
      resolution,
      windowStart: bucketStart(g[0].windowStart, resolution),
      requests,
      errors,
      errorRate: requests > 0 ? errors / requests : 0,
      throughput: requests / seconds,
      ...q,
      maxMs,
      selfTimeMs: nullableSum(g, (r) => r.selfTimeMs),
      sketch: sketch === null ? null : sketch.toProto(),
      cpu: meanOf(g, (r) => r.cpu),
      memory: meanOf(g, (r) => r.memory),
      gcMs: nullableSum(g, (r) => r.gcMs),
      poolUse: meanOf(g, (r) => r.poolUse),
      logTotal: sumOf(g, (r) => r.logTotal),
      logWarn: sumOf(g, (r) => r.logWarn),
      logError: sumOf(g, (r) => r.logError),
    });
  }
  return out.sort((a, b) => a.windowStart - b.windowStart);
}

export function rollupEdges(rows: readonly EdgeWindow[], resolution: Resolution): EdgeWindow[] {
  const groups = groupBy(rows, (r) => `${r.caller}\u0000${r.callee}\u0000${bucketStart(r.windowStart, resolution)}`);
  const out: EdgeWindow[] = [];
  for (const g of groups.values()) {
    const sketch = mergeSketchBytes(g.map((r) => r.sketch));
    const q = sketch === null ? { p50Ms: maxOf(g, (r) => r.p50Ms), p99Ms: maxOf(g, (r) => r.p99Ms) } : quantilesOf(sketch, null);
    out.push({
      caller: g[0].caller,
      callee: g[0].callee,
      calleeKind: g[0].calleeKind,
      resolution,
      windowStart: bucketStart(g[0].windowStart, resolution),
      calls: sumOf(g, (r) => r.calls),
      errors: sumOf(g, (r) => r.errors),
      p50Ms: q.p50Ms,
      p99Ms: q.p99Ms,
      sketch: sketch === null ? null : sketch.toProto(),
    });
  }
  return out.sort((a, b) => a.windowStart - b.windowStart);
}
