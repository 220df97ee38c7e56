/**
 * Event-time windowing of telemetry into feature rows, edges and graph nodes.
 *
 * Windows are `[k·windowMs, (k+1)·windowMs)` by span start (metric and log time), per service and per
 * (service, operation). Each node has its own watermark (the largest event time it sent), so a slow
 * source never closes or makes late another one's windows. A window closes when its end plus the
 * allowed lateness is at or below its node's watermark; data for a closed window is counted as late
 * and not merged, so rows once written never change.
 */
import type { SpanRecord, TelemetryBatch } from '../core/index.js';
import type { ClosedWindows, LateCounts } from './aggregator-types.js';
import { AggregatorState } from './aggregator-state.js';
import type { NodeState } from './service-state.js';
import { ingestLogs, ingestMetrics } from './signal-ingest.js';
import { ingestSpans, resolveUnpaired } from './span-ingest.js';
import { closeUpTo } from './window-close.js';

export type { ClosedWindows, LateCounts } from './aggregator-types.js';

export interface AggregatorConfig {
  /** Window length, ms (60_000). */
  windowMs: number;
  /** How long after a window's end its node's watermark may go before it closes, ms (30_000). */
  allowedLatenessMs: number;
  /** Distinct operations per service window; more are merged into `__other__` (default 200). */
  maxOperations?: number;
  /** Client spans, and separately server spans, waiting to be paired into edges (default 50_000). */
  maxPendingCalls?: number;
  /** Size of one generation of the self-time parent/child maps (default 50_000). */
  selfTimeGeneration?: number;
  /** Distinct callees per caller window; more are merged into `__other__` (default 200). */
  maxEdges?: number;
  /** Span ids remembered for the duplicate guard across open windows (default 500_000, ≈ 50 MB when full). */
  maxSpanIds?: number;
}

export interface WindowAggregator {
  /** Adds a batch. Items whose window was already closed are NOT merged: they are counted and returned as late. */
  add(batch: TelemetryBatch): LateCounts;
  /** Closes every window whose end + allowedLateness <= that service's watermark (max event time seen for the service). */
  drain(): ClosedWindows;
  /**
   * Also closes windows of services that received nothing for `idleMs` of wall time (nowWallMs supplied
   * by caller). Idleness is measured between flushIdle calls: a service is idle once no `add` touched it
   * since a call at least `idleMs` earlier.
   */
  flushIdle(nowWallMs: number, idleMs: number): ClosedWindows;
  /** Closes everything (shutdown, end of a replay). */
  flushAll(): ClosedWindows;
  /**
   * Closes every node's windows that start before `boundary`: one event-time watermark for all nodes, as a Kafka
   * partition's aggregator in scale-out mode needs (src/scale: a node may stop appearing in one partition).
   */
  closeBefore(boundary: number): ClosedWindows;
  /** After a restart: windows starting before closedBefore[service] were already written; data for them counts as late. */
  restore(closedBefore: Record<string, number>): void;
  /** Per service: start of the first window not yet closed (what `restore` takes); services never closed are absent. */
  checkpoint(): Record<string, number>;
  /** Open windows × series held in memory (service rows, operation rows and edges). */
  openSeries(): number;
}

export function createWindowAggregator(cfg: AggregatorConfig): WindowAggregator {
  if (!(cfg.windowMs > 0) || !(cfg.allowedLatenessMs >= 0)) {
    throw new RangeError('windowMs must be > 0 and allowedLatenessMs >= 0');
  }
  const onClientDropped = (c: SpanRecord): void => resolveUnpaired(st, c);
  const st: AggregatorState = new AggregatorState(onClientDropped, {
    windowMs: cfg.windowMs,
    allowedLatenessMs: cfg.allowedLatenessMs,
    maxOperations: cfg.maxOperations ?? 200,
    maxPendingCalls: cfg.maxPendingCalls ?? 50_000,
    selfTimeGeneration: cfg.selfTimeGeneration ?? 8_192,
    maxEdges: cfg.maxEdges ?? 200,
    maxSpanIds: cfg.maxSpanIds ?? 500_000,
  });

  const watermarkTargets = (): Map<NodeState, number> => {
    const targets = new Map<NodeState, number>();
    for (const n of st.nodes.values()) {
      const b = st.watermarkBoundary(n);
      if (b > n.closedBefore) targets.set(n, b);
    }
    return targets;
  };

  const endOfOpenWindows = (n: NodeState): number => {
    let end = -Infinity;
    for (const start of n.windows.keys()) end = Math.max(end, start + cfg.windowMs);
    return end;
  };

  return {
    add(batch) {
      const late: LateCounts = { spans: 0, metrics: 0, logs: 0, duplicateSpans: 0, replayed: 0 };
      if (batch.spans.length > 0) ingestSpans(st, batch.spans, late);
      if (batch.metrics.length > 0) ingestMetrics(st, batch.metrics, late);
      if (batch.logs.length > 0) ingestLogs(st, batch.logs, late);
      return late;
    },
    drain: () => closeUpTo(st, watermarkTargets()),
    flushIdle(nowWallMs, idleMs) {
      const targets = watermarkTargets();
      for (const n of st.nodes.values()) {
        if (n.seq !== n.seenSeq || Number.isNaN(n.lastActiveWall)) {
          n.seenSeq = n.seq;
          n.lastActiveWall = nowWallMs;
        } else if (nowWallMs - n.lastActiveWall >= idleMs && n.windows.size > 0) {
          targets.set(n, Math.max(targets.get(n) ?? -Infinity, endOfOpenWindows(n)));
        }
      }
      return closeUpTo(st, targets);
    },
    flushAll() {
      const targets = new Map<NodeState, number>();
      for (const n of st.nodes.values()) if (n.windows.size > 0) targets.set(n, endOfOpenWindows(n));
      return closeUpTo(st, targets);
    },
    closeBefore(boundary) {
      const targets = new Map<NodeState, number>();
      for (const n of st.nodes.values()) if (boundary > n.closedBefore) targets.set(n, boundary);
      return closeUpTo(st, targets);
    },
    restore(closedBefore) {
      for (const [name, boundary] of Object.entries(closedBefore)) {
        const n = st.node(name, 'service');
        if (boundary > n.closedBefore) n.closedBefore = boundary;
        if (boundary > n.restoredBefore) n.restoredBefore = boundary;
      }
    },
    checkpoint() {
      const out: Record<string, number> = {};
      for (const n of st.nodes.values()) if (Number.isFinite(n.closedBefore)) out[n.name] = n.closedBefore;
      return out;
    },
    openSeries() {
      let total = 0;
      for (const n of st.nodes.values()) for (const w of n.windows.values()) total += w.series();
      return total;
    },
  };
}
