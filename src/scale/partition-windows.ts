/**
 * One window aggregator per raw Kafka partition (scale-out mode). A partition closes its windows by its own
 * event-time watermark — the newest record time it read, minus the allowed lateness — for every node at once, so
 * what it publishes is a function of its records alone: the instance that owns it now, or the one that takes it
 * over after a rebalance and replays from the committed offset, publishes the same partial windows.
 * `closedBefore` is restored from the committed offset's metadata: records of windows already published are
 * dropped (counted) instead of being published twice.
 */
import type { TelemetryBatch } from '../core/index.js';
import { createWindowAggregator, type ClosedWindows, type WindowAggregator } from '../features/window-aggregator.js';
import { windowRange } from '../ingest/kafka/offset-tracker.js';

export interface PartitionWindowsConfig {
  windowMs: number;
  allowedLatenessMs: number;
  maxOperations?: number;
  maxEdges?: number;
}

export interface PartitionWindows {
  /** Adds a decoded message; returns how many records fell before `closedBefore` (already published). */
  add(batch: TelemetryBatch): { dropped: number; newestWindow: number };
  /** Closes the windows the watermark passed; null when the boundary did not move. */
  advance(): ClosedWindows | null;
  /** Closes every open window (the partition went idle); null when none was open. */
  closeAll(): ClosedWindows | null;
  /** Start of the first window not yet published (-Infinity before the first close). */
  closedBefore(): number;
}

export function createPartitionWindows(cfg: PartitionWindowsConfig, restoredBefore: number): PartitionWindows {
  const agg: WindowAggregator = createWindowAggregator({ windowMs: cfg.windowMs, allowedLatenessMs: cfg.allowedLatenessMs, maxOperations: cfg.maxOperations, maxEdges: cfg.maxEdges });
  const ws = (t: number) => Math.floor(t / cfg.windowMs) * cfg.windowMs;
  let before = restoredBefore;
  let newest = -Infinity;
  return {
    add(batch) {
      const keep = <T>(items: T[], time: (x: T) => number) => items.filter((x) => ws(time(x)) >= before);
      const spans = keep(batch.spans, (s) => s.startMs);
      const metrics = keep(batch.metrics, (m) => m.timeMs);
      const logs = keep(batch.logs, (l) => l.timeMs);
      const dropped = batch.spans.length + batch.metrics.length + batch.logs.length - spans.length - metrics.length - logs.length;
      for (const s of spans) if (s.startMs > newest) newest = s.startMs;
      for (const m of metrics) if (m.timeMs > newest) newest = m.timeMs;
      for (const l of logs) if (l.timeMs > newest) newest = l.timeMs;
      const kept = { spans, metrics, logs, source: batch.source };
      const newestWindow = windowRange(kept, cfg.windowMs)[1];
      if (spans.length + metrics.length + logs.length > 0) agg.add(kept);
      return { dropped, newestWindow };
    },
    advance() {
      const boundary = ws(newest - cfg.allowedLatenessMs);
      if (!(boundary > before)) return null;
      before = boundary;
      return agg.closeBefore(boundary);
    },
    closeAll() {
      if (!Number.isFinite(newest)) return null;
      const boundary = ws(newest) + cfg.windowMs;
      if (!(boundary > before)) return null;
      before = boundary;
      return agg.closeBefore(boundary);
    },
    closedBefore: () => before,
  };
}
