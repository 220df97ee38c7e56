/**
 * Accumulators of one open window: a request series (service or service+operation) and an edge.
 * Classes with fixed fields keep V8 shapes monomorphic on the hot path.
 */
import type { EdgeWindow, FeatureWindow, NodeKind, Resolution } from '../core/index.js';
import { LatencyHistogram } from './latency-histogram.js';
import { quantilesOf } from './sketch-codec.js';
import type { ResourceAcc } from './resource-acc.js';

export class SeriesAcc extends LatencyHistogram {
  errors = 0;
  selfTime = 0;
  logTotal = 0;
  logWarn = 0;
  logError = 0;
  res: ResourceAcc | null = null;
  /** For an operation series, its service-level series (self time is subtracted from both). */
  owner: SeriesAcc | null = null;

  request(ms: number, error: boolean): void {
    this.record(ms);
    this.selfTime += ms > 0 ? ms : 0;
    if (error) this.errors++;
  }
}

export class EdgeAcc extends LatencyHistogram {
  errors = 0;
  constructor(readonly calleeKind: NodeKind) {
    super();
  }
}

export function seriesRow(
  acc: SeriesAcc,
  service: string,
  operation: string,
  windowStart: number,
  windowMs: number,
  resolution: Resolution,
): FeatureWindow {
  const n = acc.count;
  const sketch = acc.toSketch();
  const maxMs = n > 0 ? acc.max : null;
  const res = acc.res;
  return {
    service,
    operation,
    resolution,
    windowStart,
    requests: n,
    errors: acc.errors,
    errorRate: n > 0 ? acc.errors / n : 0,
    throughput: n / (windowMs / 1000),
    ...quantilesOf(sketch, maxMs),
    maxMs,
    selfTimeMs: n > 0 ? Math.max(0, acc.selfTime) : null,
    sketch: sketch === null ? null : sketch.toProto(),
    cpu: res === null ? null : res.cpu(),
    memory: res === null ? null : res.memory(),
    gcMs: res === null ? null : res.gcMs(),
    poolUse: res === null ? null : res.poolUse(),
    logTotal: acc.logTotal,
    logWarn: acc.logWarn,
    logError: acc.logError,
  };
}

export function edgeRow(
  acc: EdgeAcc,
  caller: string,
  callee: string,
  windowStart: number,
  resolution: Resolution,
): EdgeWindow {
  const sketch = acc.toSketch();
  const q = quantilesOf(sketch, acc.count > 0 ? acc.max : null);
  return {
    caller,
    callee,
    calleeKind: acc.calleeKind,
    resolution,
    windowStart,
    calls: acc.count,
    errors: acc.errors,
    p50Ms: q.p50Ms,
    p99Ms: q.p99Ms,
    maxMs: acc.count > 0 ? acc.max : null,
    sketch: sketch === null ? null : sketch.toProto(),
  };
}
