/**
 * A TelemetrySink stage that keeps every batch it receives (like the Collector's consumertest.TracesSink).
 * `hold()` makes `consume` wait until `release()`, to fill a queue behind it; `failNext(e)` makes the
 * next call reject.
 */
import type { Stage } from '../../src/core/ports.js';
import type { LogRecord, MetricPoint, SpanRecord, TelemetryBatch } from '../../src/core/telemetry.js';

export interface SinkStage extends Stage<TelemetryBatch> {
  readonly batches: TelemetryBatch[];
  spans(): SpanRecord[];
  metrics(): MetricPoint[];
  logs(): LogRecord[];
  hold(): void;
  release(): void;
  failNext(e: Error): void;
  /** Resolves once `pred` holds (checked after each batch), or rejects after `timeoutMs`. */
  waitFor(pred: (s: SinkStage) => boolean, timeoutMs?: number): Promise<void>;
}

export function createSinkStage(): SinkStage {
  const batches: TelemetryBatch[] = [];
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let failure: Error | undefined;
  const waiters: (() => void)[] = [];

  const sink: SinkStage = {
    batches,
    spans: () => batches.flatMap((b) => b.spans),
    metrics: () => batches.flatMap((b) => b.metrics),
    logs: () => batches.flatMap((b) => b.logs),
    async consume(batch) {
      if (gate) await gate;
      if (failure) {
        const e = failure;
        failure = undefined;
        throw e;
      }
      batches.push(batch);
      for (const w of waiters.splice(0)) w();
    },
    async start() {},
    async stop() {},
    hold() {
      gate ??= new Promise((r) => (open = r));
    },
    release() {
      gate = undefined;
      open?.();
    },
    failNext(e) {
      failure = e;
    },
    async waitFor(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(sink)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`sink condition not met within ${timeoutMs} ms (${batches.length} batches)`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 50));
          waiters.push(() => { clearTimeout(t); r(); });
        });
      }
    },
  };
  return sink satisfies Stage<TelemetryBatch>;
}
