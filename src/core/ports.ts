/**
 * Ports: the small interfaces the pure core and the pipeline depend on. Adapters in src/stores,
 * src/ingest and elsewhere implement them; tests check conformance with `satisfies`.
 */
import type { TelemetryBatch } from './telemetry.js';
import type { EdgeWindow, FeatureWindow, GraphNode, NodeKind, Resolution, ServiceGraph } from './features.js';
import type { Incident, IncidentStatus } from './incidents.js';

/** One consumer contract for every pipeline stage (Collector `consumer.Traces`, for all signals). */
export interface Consumer<T> {
  consume(batch: T): Promise<void>;
}

/** A pipeline stage with a lifecycle. Stages are connected only in src/app.ts. */
export interface Stage<T> extends Consumer<T> {
  start(): Promise<void>;
  /** Flush what is buffered and release resources. Idempotent. */
  stop(): Promise<void>;
}

export type TelemetrySink = Consumer<TelemetryBatch>;

export interface FeatureQuery {
  service: string;
  /** '' (ALL_OPERATIONS) or undefined for the service-level series. */
  operation?: string;
  resolution?: Resolution;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

export interface RangeOptions {
  /** Only the service-level rows (operation = ALL_OPERATIONS): what root-cause analysis reads. */
  serviceLevelOnly?: boolean;
}

export interface FeatureStore {
  /** Upsert by (service, operation, resolution, windowStart): a replay replaces, never adds. */
  upsertWindows(rows: readonly FeatureWindow[]): Promise<void>;
  queryWindows(q: FeatureQuery): Promise<FeatureWindow[]>;
  /** Every series of every service in [from, to) at a resolution (used to warm detectors). */
  queryRange(from: number, to: number, resolution?: Resolution, opts?: RangeOptions): Promise<FeatureWindow[]>;
  listServices(): Promise<{ name: string; lastSeen: number }[]>;
  /** Delete rows older than the retention of each resolution. */
  applyRetention(now: number): Promise<{ deleted: number }>;
}

export interface GraphQuery {
  /** Centre of the subgraph; omitted: the whole graph. */
  service?: string;
  /** Hops in both directions from `service`. */
  depth?: number;
  from?: number;
  to?: number;
}

export interface InboundSummary {
  /** One row per callee and window; `caller` is '*'. */
  windows: EdgeWindow[];
  edges: { caller: string; callee: string; calleeKind: NodeKind; calls: number }[];
}

export interface GraphStore {
  /** Upsert by (caller, callee, resolution, windowStart). */
  upsertEdges(edges: readonly EdgeWindow[]): Promise<void>;
  upsertNodes(nodes: readonly GraphNode[]): Promise<void>;
  getGraph(q: GraphQuery): Promise<ServiceGraph>;
  /**
   * Every stored edge window of one resolution (default '1m') with windowStart in [from, to), ordered by
   * windowStart, caller, callee: the raw per-window series that dataset exports and offline analyses need.
   */
  queryEdgeWindows(from: number, to: number, resolution?: Resolution): Promise<EdgeWindow[]>;
  /**
   * 1m calls in [from, to) summed two ways, for root-cause analysis without shipping every edge window: per callee
   * and window over all callers (caller '*', p50 call-weighted, p99 the max, no sketch), and per edge over the range.
   */
  queryInbound(from: number, to: number): Promise<InboundSummary>;
}

export interface IncidentQuery {
  since?: number;
  status?: IncidentStatus;
  limit?: number;
}

export interface IncidentStore {
  /** Insert or replace by id. */
  save(incident: Incident): Promise<void>;
  get(id: string): Promise<Incident | null>;
  /** Newest first (by openedAt). */
  list(q?: IncidentQuery): Promise<Incident[]>;
}

/** Key-value state that must survive a restart (watermarks, detector state, pipeline offsets). */
export interface StateStore {
  get<T>(key: string): Promise<T | null>;
  put<T>(key: string, value: T): Promise<void>;
}

export interface Clock {
  /** Wall-clock ms. Event time comes from the data, never from here. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
