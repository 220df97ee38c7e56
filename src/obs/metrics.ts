/**
 * Self-metrics for /metrics. One registry per app instance (not prom-client's global one) so tests can
 * run several apps in one process without "metric already registered" errors.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface AiopsMetrics {
  registry: Registry;
  /** Items accepted by a receiver: labels signal (spans|metrics|logs), source. */
  received: Counter<'signal' | 'source'>;
  /** Items or requests rejected: labels signal, reason (bad_payload, missing_service_name, invalid_id, future_timestamp, too_large, …). */
  rejected: Counter<'signal' | 'reason'>;
  /** Data that arrived after its window was closed and written (counted, not merged). */
  late: Counter<'signal'>;
  /** Items in the bounded ingest queue. */
  queueDepth: Gauge;
  /** Requests refused with 429/503 because the queue was full. */
  backpressure: Counter;
  /** Wall ms between a window's end (event time) and its close, per window, and the current max watermark lag. */
  windowLag: Gauge;
  windowsClosed: Counter<'resolution'>;
  storeWriteSeconds: Histogram<'store' | 'op'>;
  detectorSeconds: Histogram;
  rcaSeconds: Histogram;
  anomalies: Counter<'feature'>;
  incidentsOpened: Counter<'severity'>;
  /** Pipeline stages after ingest (src/pipeline/stage-queue.ts): items waiting in each stage's bounded queue… */
  stageDepth: Gauge<'stage'>;
  /** …wall seconds the item a stage just took had waited… */
  stageLag: Gauge<'stage'>;
  /** …items handled… */
  stageProcessed: Counter<'stage'>;
  /** …and items merged into a waiting one (reason coalesced) or lost to a failing handler (reason error). */
  stageDropped: Counter<'stage' | 'reason'>;
}

export function createMetrics(): AiopsMetrics {
  const registry = new Registry();
  const reg = { registers: [registry] };
  return {
    registry,
    received: new Counter({ name: 'aiops_received_total', help: 'Telemetry items accepted', labelNames: ['signal', 'source'], ...reg }),
    rejected: new Counter({ name: 'aiops_rejected_total', help: 'Telemetry items or requests rejected, by reason', labelNames: ['signal', 'reason'], ...reg }),
    late: new Counter({ name: 'aiops_late_total', help: 'Items that arrived after their window closed', labelNames: ['signal'], ...reg }),
    queueDepth: new Gauge({ name: 'aiops_ingest_queue_depth', help: 'Items waiting in the ingest queue', ...reg }),
    backpressure: new Counter({ name: 'aiops_ingest_backpressure_total', help: 'Requests refused because the queue was full', ...reg }),
    windowLag: new Gauge({ name: 'aiops_window_lag_seconds', help: 'Wall seconds between the newest closed window end and now (event-time lag)', ...reg }),
    windowsClosed: new Counter({ name: 'aiops_windows_closed_total', help: 'Feature windows closed', labelNames: ['resolution'], ...reg }),
    storeWriteSeconds: new Histogram({ name: 'aiops_store_write_seconds', help: 'Store write latency', labelNames: ['store', 'op'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], ...reg }),
    detectorSeconds: new Histogram({ name: 'aiops_detector_seconds', help: 'Detector time per closed window batch', buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5], ...reg }),
    rcaSeconds: new Histogram({ name: 'aiops_rca_seconds', help: 'Root-cause analysis time', buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5], ...reg }),
    anomalies: new Counter({ name: 'aiops_anomalies_total', help: 'Anomalous windows found', labelNames: ['feature'], ...reg }),
    incidentsOpened: new Counter({ name: 'aiops_incidents_opened_total', help: 'Incidents opened', labelNames: ['severity'], ...reg }),
    stageDepth: new Gauge({ name: 'aiops_stage_queue_depth', help: 'Items waiting in a pipeline stage queue', labelNames: ['stage'], ...reg }),
    stageLag: new Gauge({ name: 'aiops_stage_lag_seconds', help: 'Wall seconds the item a stage last took had waited in its queue', labelNames: ['stage'], ...reg }),
    stageProcessed: new Counter({ name: 'aiops_stage_processed_total', help: 'Items a pipeline stage handled', labelNames: ['stage'], ...reg }),
    stageDropped: new Counter({ name: 'aiops_stage_dropped_total', help: 'Items a stage merged into a waiting one (coalesced) or lost to a failing handler (error)', labelNames: ['stage', 'reason'], ...reg }),
  };
}
