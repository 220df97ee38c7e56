/**
 * The causal model's variables: one per (node, signal) that has data, with its change score against the
 * pre-onset baseline. Signals follow how faults move through a service graph — latency and errors flow from callee
 * to caller, load flows from caller to callee, a network delay shows as the gap between what callers measure and
 * what the node's server spans say.
 */
import type { NodeKind } from '../../core/index.js';
import { median } from '../../core/stats.js';
import { baselineOf, countNoise, finite, kthLargest, resistantSlope, type Baseline } from './robust.js';
import type { MetricKey, NodeSeries, Signal } from './types.js';

export interface Variable {
  id: string;
  node: string;
  kind: NodeKind;
  signal: Signal;
  metric: MetricKey | 'gap';
  series: Float64Array;
  base: Baseline;
  /** Median after the onset. */
  post: number;
  /** Sustained robust change (see `sustained`). Two-sided for load. */
  z: number;
  /** Per-sample z (NaN where missing), for onsets. */
  zt: Float64Array;
}

/** Relative and absolute noise floors per signal (units of the metric). */
const FLOORS: Record<Signal, [number, number]> = {
  // 2 ms: real latency quantiles are interpolated from histogram buckets; a 5 ms service's p99 wanders by 4 ms.
  latency: [0.05, 2],
  self: [0.05, 0.5],
  gap: [0.05, 0.5],
  errors: [0.1, 0.003],
  load: [0.15, 0.01],
  cpu: [0.1, 0.03],
  memory: [0.01, 1],
  gc: [0.1, 1],
  pool: [0.05, 0.02],
};

/** Noise floor of the network gap as a share of the client-observed latency before the onset. */
const GAP_SHARE_FLOOR = 0.1;

const SIGNAL_METRIC: [Signal, MetricKey][] = [
  ['self', 'selftime'],
  ['errors', 'error'],
  ['load', 'workload'],
  ['cpu', 'cpu'],
  ['memory', 'mem'],
  ['gc', 'gc'],
  ['pool', 'pool'],
];

/** Every variable with enough data on both sides of `onset` (sample index); `stepSec` turns rates into counts. */
export function buildVariables(nodes: readonly NodeSeries[], onset: number, stepSec = 60): Variable[] {
  const out: Variable[] = [];
  for (const n of nodes) {
    const latencyMetric = (['latency-50', 'latency-90', 'latency-99'] as const).find((m) => hasData(n.metrics[m], onset));
    if (latencyMetric) push(out, n, 'latency', latencyMetric, n.metrics[latencyMetric] as Float64Array, onset);
    const client = n.metrics['client-latency-50'];
    const server = n.metrics['latency-50'];
    if (n.kind === 'service' && client && server && hasData(client, onset) && hasData(server, onset)) {
      // A few ms between client and server is serialization and scheduling: a gap counts relative to what callers wait.
      const gapFloor = Math.max(FLOORS.gap[1], GAP_SHARE_FLOOR * median(finite(client, 0, onset)));
      push(out, n, 'gap', 'gap', client.map((c, i) => c - server[i]), onset, undefined, gapFloor);
    }
    for (const [signal, metric] of SIGNAL_METRIC) {
      const s = n.metrics[metric];
      if (!s || !hasData(s, onset)) continue;
      const requests = signal === 'errors' ? n.metrics.workload?.map((w) => w * stepSec) : undefined;
      // A request rate is at least as noisy as its counts: a quiet service's rate doubling by chance is no change.
      const floor = signal === 'load' ? Math.max(FLOORS.load[1], countNoise(median(finite(s, 0, onset)), stepSec)) : undefined;
      push(out, n, signal, metric, s, onset, requests, floor);
    }
  }
  return out;
}

function push(out: Variable[], n: NodeSeries, signal: Signal, metric: MetricKey | 'gap', raw: Float64Array, onset: number, requests?: Float64Array, absFloor?: number): void {
  const [rel, defaultAbs] = FLOORS[signal];
  const abs = absFloor ?? defaultAbs;
  const series = detrend(raw, onset);
  const robust = baselineOf(finite(series, 0, onset), rel, abs);
  const counts = requests ? countBaseline(series, requests, onset) : undefined;
  const base = counts ? { ...robust, median: counts.rate } : robust;
  const zt = new Float64Array(series.length);
  const twoSided = signal === 'load';
  const postZ: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const z = counts && Number.isFinite(requests?.[i]) ? countZ(series[i], (requests as Float64Array)[i], counts.rate) : (series[i] - base.median) / base.scale;
    zt[i] = Number.isFinite(z) ? (twoSided ? Math.abs(z) : z) : NaN;
    if (i >= onset && Number.isFinite(zt[i])) postZ.push(zt[i]);
  }
  const z = sustained(postZ);
  out.push({ id: `${n.name}\u0000${signal}`, node: n.name, kind: n.kind, signal, metric, series, base, post: median(finite(series, onset)), z: Math.max(0, z), zt });
}

/**
 * How far the series stays from its baseline after the onset: the median post-onset z over at least 5 samples
 * (a burst of a few minutes that happens to start with the fault is not the fault), else the 2nd largest (one
 * spike is not a change) — at incident time there are only a few windows after the onset.
 */
function sustained(postZ: number[]): number {
  if (postZ.length >= 5) return median(postZ);
  return postZ.length >= 2 ? kthLargest(postZ, 2) : postZ[0] ?? 0;
}

/**
 * Removes the pre-onset trend (the daily traffic curve, a slow drift; Tukey's resistant line), anchored at the onset so values keep their
 * level there: a change is a departure from where the series was heading, not from its average of an hour ago.
 * Only a trend that is clear against the noise is removed.
 */
function detrend(s: Float64Array, onset: number): Float64Array {
  const slope = resistantSlope(s, 0, onset);
  if (!slope) return s;
  const pre = finite(s, 0, onset);
  const base = baselineOf(pre, 0, 1e-12);
  if (Math.abs(slope) * pre.length < base.scale) return s;
  return s.map((v, i) => v - slope * (i - onset));
}

/** At least 3 values before the onset and 1 after. */
function hasData(s: Float64Array | undefined, onset: number): boolean {
  return !!s && finite(s, 0, onset).length >= 3 && finite(s, onset).length >= 1;
}

/** Post-onset median minus baseline median. */
export function delta(v: Variable): number {
  return Number.isFinite(v.post) && Number.isFinite(v.base.median) ? v.post - v.base.median : 0;
}

/** The pooled pre-onset error rate (errors / requests), when request counts are known. */
function countBaseline(rates: Float64Array, requests: Float64Array, onset: number): { rate: number } | undefined {
  let errors = 0;
  let total = 0;
  for (let i = 0; i < onset; i++) {
    if (!Number.isFinite(rates[i]) || !Number.isFinite(requests[i]) || requests[i] <= 0) continue;
    errors += rates[i] * requests[i];
    total += requests[i];
  }
  return total > 0 ? { rate: errors / total } : undefined;
}

/**
 * Excess errors over the expected count in units of √(expected + 1): rare errors on a quiet service (one failed
 * request of twenty) stay small, a real error burst on a busy one is large. A rate's z would call both huge.
 */
function countZ(rate: number, requests: number, baseRate: number): number {
  if (!Number.isFinite(rate) || !(requests > 0)) return NaN;
  const expected = baseRate * requests;
  return (rate * requests - expected) / Math.sqrt(expected + 1);
}
