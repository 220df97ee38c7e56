/**
 * Durability of open windows across a crash. Closed windows are durable once the write-behind flush has stored
 * them and the checkpoint; the records of windows still open lived only in memory, so `kill -9` lost them unless
 * the client resent. This buffer keeps the accepted records whose windows are not yet durable (pruned against the
 * checkpoint last stored) and stores them, as one state entry, whenever the checkpoint is stored (throttled to
 * the write-behind interval). On start the pipeline re-adds them, so the open windows come back, and resends are
 * recognised by the aggregator's duplicate guard instead of counted twice.
 * Bounded: beyond `maxItems` records no more are kept (logged once) and those windows fall back to a resend.
 * What is still lost: records accepted after the last save (one flush interval, 1 s by default, or more under load:
 * a save rewrites every open record, up to 100k of them (tens of MB of JSON), so the next one waits at least
 * `SAVE_DUTY_FACTOR` times as long as the last one took. Saving every second at 10x load held the event loop
 * for minutes and the receivers could not answer; the duty cap keeps saves to about a fifth of the time).
 * Records read from Kafka are not kept: their offsets are committed only once their windows are durable, so the
 * consumer replays them after a restart. Keeping them too counted metric points and logs twice, and re-adding them
 * at start moved each node's watermark to the newest record seen before the crash, so the replayed records of the
 * windows still open counted as late and were lost (test/kafka/kafka-crash-replay.test.ts).
 */
import type { LogRecord, MetricPoint, SpanRecord, StateStore, TelemetryBatch } from '../core/index.js';
import type { Logger } from '../obs/logger.js';

export const OPEN_RECORDS_KEY = 'pipeline.open-records.v1';
/** `TelemetryBatch.source` of what the Kafka consumer hands over (src/ingest/kafka). */
const KAFKA_SOURCE = 'kafka';
/** After a save that took d ms, the next one (unless forced) waits until d × this has passed since it ended. */
const SAVE_DUTY_FACTOR = 4;

interface Stored {
  spans: SpanRecord[];
  metrics: MetricPoint[];
  logs: LogRecord[];
}

export interface OpenRecords {
  /** Remembers a consumed batch's records (up to the bound). */
  add(batch: TelemetryBatch): void;
  /** Stores the records of windows at or after `durable[service]` (the checkpoint just stored); skipped while the
   *  duty cap says the last save was too recent, unless `force` (a stop). */
  save(durable: Record<string, number>, force?: boolean): Promise<void>;
  /** The records stored by the last run, as one batch (empty when none). */
  load(): Promise<TelemetryBatch>;
}

export function createOpenRecords(cfg: { windowMs: number; maxItems?: number }, deps: { state: StateStore; logger: Logger }): OpenRecords {
  const max = cfg.maxItems ?? 100_000;
  let spans: SpanRecord[] = [];
  let metrics: MetricPoint[] = [];
  let logs: LogRecord[] = [];
  let warned = false;
  let nextSaveAt = -Infinity;
  const size = () => spans.length + metrics.length + logs.length;
  const windowOf = (t: number) => Math.floor(t / cfg.windowMs) * cfg.windowMs;
  const open = (durable: Record<string, number>, service: string, t: number) => windowOf(t) >= (durable[service] ?? -Infinity);

  return {
    add(batch) {
      if (batch.source === KAFKA_SOURCE) return;
      const room = max - size();
      const n = batch.spans.length + batch.metrics.length + batch.logs.length;
      if (n > room) {
        if (!warned) deps.logger.warn('open-window records over their bound: windows open at a crash need a resend', { maxItems: max });
        warned = true;
        return;
      }
      for (const s of batch.spans) spans.push(s);
      for (const m of batch.metrics) metrics.push(m);
      for (const l of batch.logs) logs.push(l);
    },
    async save(durable, force = false) {
      const began = performance.now();
      spans = spans.filter((s) => open(durable, s.service, s.startMs));
      metrics = metrics.filter((m) => open(durable, m.service, m.timeMs));
      logs = logs.filter((l) => open(durable, l.service, l.timeMs));
      // Nothing open (a graceful stop closed every window) is cheap and must replace the last snapshot.
      if (!force && began < nextSaveAt && size() > 0) return;
      if (size() < max) warned = false;
      const stored: Stored = { spans, metrics, logs };
      await deps.state.put(OPEN_RECORDS_KEY, stored);
      const ended = performance.now();
      nextSaveAt = ended + (ended - began) * SAVE_DUTY_FACTOR;
    },
    async load() {
      const stored = await deps.state.get<Stored>(OPEN_RECORDS_KEY);
      return { spans: stored?.spans ?? [], metrics: stored?.metrics ?? [], logs: stored?.logs ?? [], source: 'restart' };
    },
  };
}
