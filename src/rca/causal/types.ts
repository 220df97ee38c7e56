/**
 * Input of the causal ranking: aligned per-node metric series on one time axis, the call graph, and where the
 * change began. Built from stored 1m feature windows (the pipeline) or from a benchmark case's columns.
 */
import type { NodeKind } from '../../core/index.js';

/**
 * The metrics the method understands, named as RCAEval-style columns (`<node>_<metric>`):
 * server-side latency, client-observed latency of calls into the node, rates and resources.
 */
export const METRICS = [
  'latency-50',
  'latency-90',
  'latency-99',
  'client-latency-50',
  'error',
  'workload',
  'cpu',
  'mem',
  'gc',
  'pool',
  'logerror',
  'selftime',
  'netrx',
  'nettx',
] as const;
export type MetricKey = (typeof METRICS)[number];

export function isMetricKey(s: string): s is MetricKey {
  return (METRICS as readonly string[]).includes(s);
}

export interface NodeSeries {
  name: string;
  kind: NodeKind;
  /** One value per sample of `CausalInput.times`; NaN where nothing was measured. */
  metrics: Partial<Record<MetricKey, Float64Array>>;
}

export interface CausalInput {
  /** Sample start times, epoch ms, ascending. */
  times: readonly number[];
  nodes: readonly NodeSeries[];
  /**
   * Call edges caller → callee. Cycles are allowed. `calls`: calls over the whole window, when known — with the
   * caller's traffic it bounds how much a callee can explain (a rare callback cannot explain a slow service).
   */
  edges: readonly { from: string; to: string; calls?: number }[];
  /** Where the change is believed to start (injection time, or the incident's first anomalous window). */
  onsetHintMs: number;
  /**
   * Samples before the hint in which the true onset may lie (a detector confirms after the change began). 0 when
   * the hint is exact, as a benchmark's injection time is.
   */
  onsetSearchBefore?: number;
}

/** The signals a fault moves; each is one variable of the causal model per node. */
export type Signal = 'latency' | 'self' | 'gap' | 'errors' | 'load' | 'cpu' | 'memory' | 'gc' | 'pool';

/** Fault classes of a ranked cause. */
export type FaultType = 'latency' | 'errors' | 'cpu' | 'memory' | 'database' | 'network' | 'traffic' | 'dependency';
