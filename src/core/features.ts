/** Feature rows: the output of windowing, the input of detection, the content of the FeatureStore. */

export type Resolution = '1m' | '5m' | '15m' | '1h';
export const RESOLUTION_MS: Record<Resolution, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
};

/** Operation value of the service-level row (all operations merged). */
export const ALL_OPERATIONS = '';

/**
 * Operation of the row that holds a service's calls as its callers' client spans measured them (the callers' view:
 * the service's time plus the wire). A network fault on the service's interface shows only here when the service
 * makes no calls itself: its own spans are unchanged (issue 11, a missed network fault on a leaf).
 */
export const CALLERS_OPERATION = '__callers__';

/**
 * One window of one series: a service (operation = '') or a (service, operation) pair.
 * Idempotent key: (service, operation, resolution, windowStart). Re-writing a key replaces the row.
 */
export interface FeatureWindow {
  service: string;
  operation: string;
  resolution: Resolution;
  /** Epoch ms, aligned to the resolution. */
  windowStart: number;
  requests: number;
  errors: number;
  /** errors / requests, 0 when there were no requests. */
  errorRate: number;
  /** requests per second over the window. */
  throughput: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Sum of span self time (duration minus child spans of the same trace seen in the window), ms. */
  selfTimeMs?: number | null;
  /** Serialized mergeable latency sketch (DDSketch protobuf) so rollups merge exactly. */
  sketch: Uint8Array | null;
  /** Resource metrics (service-level rows only); null when no such metric arrived. */
  cpu: number | null;
  memory: number | null;
  gcMs: number | null;
  poolUse: number | null;
  /** Log counts in the window by severity band. */
  logTotal: number;
  logWarn: number;
  logError: number;
}

export type NodeKind = 'service' | 'database' | 'external';

/** Calls from one node to another in one window (caller is always a service). */
export interface EdgeWindow {
  caller: string;
  callee: string;
  calleeKind: NodeKind;
  resolution: Resolution;
  windowStart: number;
  calls: number;
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Slowest call, ms (not stored: quantiles of merged partial windows are capped at it, src/scale). */
  maxMs?: number | null;
  sketch: Uint8Array | null;
}

export interface GraphNode {
  name: string;
  kind: NodeKind;
  lastSeen: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  calls: number;
  errors: number;
  p99Ms: number | null;
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The metric a detector watches on a feature row. */
export type FeatureName =
  | 'errorRate'
  | 'p50Ms'
  | 'p95Ms'
  | 'p99Ms'
  /** Mean self time per request (selfTimeMs / requests): the service's own work, without its callees' time. */
  | 'selfMs'
  | 'throughput'
  | 'cpu'
  | 'memory'
  | 'gcMs'
  | 'poolUse'
  | 'logError';
