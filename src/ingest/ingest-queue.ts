/**
 * Bounded queue between the receivers and the pipeline. Receivers `offer` and answer at once; one
 * drain loop hands batches to the sink sequentially (one in flight, arrival order kept), merging
 * small batches of the same source up to `maxBatchItems`. A full queue is the backpressure signal
 * receivers turn into 429, a closed one into 503.
 */
import type { TelemetrySink } from '../core/ports.js';
import type { TelemetryBatch } from '../core/telemetry.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';

export interface IngestQueue {
  /** 'ok' enqueued; 'full' → caller answers 429 (Retry-After); 'closed' → 503 (Retry-After) during shutdown. */
  offer(batch: TelemetryBatch): 'ok' | 'full' | 'closed';
  /** Size in items (spans+metrics+logs) accepted and not yet consumed by the sink (the batch in flight included). */
  depth(): number;
}

export interface IngestQueueOptions {
  /** Bound in items. A batch is refused when it would push the depth past this, except into an empty queue
   *  (so that one oversized request is not refused forever). */
  maxItems: number;
  sink: TelemetrySink;
  metrics: AiopsMetrics;
  logger: Logger;
  /** Merge consecutive batches up to this many items per `consume` call (default 8192). */
  maxBatchItems?: number;
}

export type RunnableIngestQueue = IngestQueue & {
  start(): Promise<void>;
  /** Refuses new offers, drains everything to the sink, then resolves. Idempotent. */
  stop(): Promise<void>;
};

export function batchItems(b: TelemetryBatch): number {
  return b.spans.length + b.metrics.length + b.logs.length;
}

export function createIngestQueue(opts: IngestQueueOptions): RunnableIngestQueue {
  const { sink, metrics, logger } = opts;
  const maxBatch = opts.maxBatchItems ?? 8192;
  const pending: TelemetryBatch[] = [];
  let depth = 0;
  let closed = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  function take(): TelemetryBatch {
    const first = pending.shift()!;
    let size = batchItems(first);
    if (pending.length === 0 || size >= maxBatch) return first;
    const merged: TelemetryBatch = { spans: first.spans.slice(), metrics: first.metrics.slice(), logs: first.logs.slice(), source: first.source };
    while (pending.length > 0 && pending[0].source === first.source && size + batchItems(pending[0]) <= maxBatch) {
      const next = pending.shift()!;
      for (const s of next.spans) merged.spans.push(s);
      for (const m of next.metrics) merged.metrics.push(m);
      for (const l of next.logs) merged.logs.push(l);
      size += batchItems(next);
    }
    return merged;
  }

  async function deliver(batch: TelemetryBatch): Promise<void> {
    try {
      await sink.consume(batch);
    } catch (e) {
      logger.error('ingest sink failed; batch dropped', { err: e, spans: batch.spans.length, metrics: batch.metrics.length, logs: batch.logs.length });
      if (batch.spans.length) metrics.rejected.inc({ signal: 'spans', reason: 'sink_error' }, batch.spans.length);
      if (batch.metrics.length) metrics.rejected.inc({ signal: 'metrics', reason: 'sink_error' }, batch.metrics.length);
      if (batch.logs.length) metrics.rejected.inc({ signal: 'logs', reason: 'sink_error' }, batch.logs.length);
    }
  }

  async function drain(): Promise<void> {
    for (;;) {
      if (pending.length === 0) {
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const batch = take();
      await deliver(batch);
      depth -= batchItems(batch);
      metrics.queueDepth.set(depth);
    }
  }

  return {
    offer(batch) {
      if (closed) return 'closed';
      const n = batchItems(batch);
      if (n === 0) return 'ok';
      if (depth > 0 && depth + n > opts.maxItems) return 'full';
      pending.push(batch);
      depth += n;
      metrics.queueDepth.set(depth);
      wake?.();
      return 'ok';
    },
    depth: () => depth,
    async start() {
      loop ??= drain();
    },
    async stop() {
      closed = true;
      wake?.();
      loop ??= drain();
      await loop;
    },
  };
}
