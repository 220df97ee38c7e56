/**
 * The pipeline stage: decoded telemetry → event-time windows → stores, detectors, incidents, root causes.
 * It consumes batches one at a time (the ingest queue guarantees it; `serial` guards the idle-flush timer).
 */
import type { ChangeStore, Clock, FeatureStore, GraphStore, Incident, IncidentStore, ServiceGraph, Stage, StateStore, TelemetryBatch } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { createWindowAggregator, type ClosedWindows } from '../features/window-aggregator.js';
import type { Detector } from '../core/detector.js';
import { createIncidentManager, type IncidentChange, type IncidentManagerConfig } from '../decision/incident-manager.js';
import { createLiveGraph } from './live-graph.js';
import { createSerial } from './serial.js';
import { createWriteBehind } from './write-behind.js';
import { createOpenRecords } from './open-records.js';
import { timedWrite } from './timed-write.js';
import { toWindowReports } from './window-reports.js';
import { analyseIncident, storeWindows } from './analyse-incident.js';
import { createRecentWindows } from './recent-windows.js';
import { createDeploymentWatch } from './deployment-watch.js';
import { SeenServices } from './seen-services.js';
import { DEFAULT_DECISION_CONFIG } from '../decision/engine/types.js';

export interface PipelineConfig {
  windowMs: number;
  allowedLatenessMs: number;
  /** Wall time without data after which a service's open windows are closed by `tick`. */
  idleFlushMs: number;
  incidents?: Partial<IncidentManagerConfig>;
  /** Closed windows are written in batches at most this much wall time apart (default 1 s)… */
  flushIntervalMs?: number;
  /** …or when this many rows are pending (default 20 000). */
  maxPendingRows?: number;
  /** Cardinality budgets per service window: span names and callees beyond them fold into `__other__` (200 each). */
  maxOperations?: number;
  maxEdges?: number;
}

export interface PipelineDeps {
  features: FeatureStore;
  graph: GraphStore;
  incidents: IncidentStore;
  state: StateStore;
  detector: Detector;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
  newIncidentId: (openedAtMs: number) => string;
  /** Where deployments seen in the telemetry are stored (optional: tests without it still see them in timelines). */
  changes?: ChangeStore;
}

/** Receives every incident change with the service graph it was judged on. */
export type IncidentListener = (change: IncidentChange, graph: ServiceGraph) => void | Promise<void>;

export interface Pipeline extends Stage<TelemetryBatch> {
  /** Closes windows of idle services (call on a wall-clock timer). */
  tick(): Promise<void>;
  /** Closes every open window now (end of a replay). */
  flush(): Promise<void>;
  /**
   * Windows closed elsewhere (src/scale: partial windows of every Kafka partition merged by their owner) enter at the
   * point where closed windows leave the aggregator: stored, detected, grouped into incidents; written before it returns.
   */
  consumeClosed(closed: ClosedWindows): Promise<void>;
  /** This process now owns the merge (src/scale): baselines, graph and open incidents come back from the store. */
  takeOver(resumeAt: number): Promise<void>;
  /** Writes the closed windows still buffered (write-behind) without closing open ones: readers then see them. */
  sync(): Promise<void>;
  onIncident(listener: IncidentListener): void;
  /** Services known from their first accepted item, before their first window closes. */
  readonly seen: SeenServices;
}

const CHECKPOINT_KEY = 'pipeline.checkpoint.v1';

export function createPipeline(cfg: PipelineConfig, deps: PipelineDeps): Pipeline {
  const aggregator = createWindowAggregator({ windowMs: cfg.windowMs, allowedLatenessMs: cfg.allowedLatenessMs, maxOperations: cfg.maxOperations, maxEdges: cfg.maxEdges });
  const incidents = createIncidentManager({ windowMs: cfg.windowMs, ...cfg.incidents }, { newId: deps.newIncidentId });
  const graph = createLiveGraph();
  const recent = createRecentWindows();
  const seen = new SeenServices();
  const deployments = createDeploymentWatch({ changes: deps.changes, logger: deps.logger });
  const serial = createSerial();
  const listeners: IncidentListener[] = [];
  const { metrics, logger } = deps;
  const writes = createWriteBehind(
    { windowMs: cfg.windowMs, flushIntervalMs: cfg.flushIntervalMs ?? 1_000, maxRows: cfg.maxPendingRows ?? 20_000, checkpointKey: CHECKPOINT_KEY },
    { features: deps.features, graph: deps.graph, state: deps.state, metrics, clock: deps.clock, logger },
  );

  const openRecords = createOpenRecords({ windowMs: cfg.windowMs }, { state: deps.state, logger });
  /** The checkpoint last stored: records of windows before it are durable as rows. */
  let durable: Record<string, number> = {};
  let openSavedAt = deps.clock.now();
  /** Writes closed windows when asked, then (at most once per flush interval) the records of open windows. */
  async function flushWrites(writeNow: boolean, force: boolean): Promise<void> {
    if (writeNow) {
      const cp = aggregator.checkpoint();
      if (await writes.flush(cp)) durable = cp;
    }
    if (force || deps.clock.now() - openSavedAt >= (cfg.flushIntervalMs ?? 1_000)) {
      openSavedAt = deps.clock.now();
      await timedWrite(metrics, 'state', 'open_records', () => openRecords.save(durable));
    }
  }

  async function processClosed(closed: ClosedWindows, forceFlush = false): Promise<void> {
    if (closed.features.length === 0 && closed.edges.length === 0) {
      await flushWrites(forceFlush || writes.due(), forceFlush);
      return;
    }
    writes.add(closed);
    seen.closed(closed.features);
    metrics.windowsClosed.inc({ resolution: '1m' }, closed.features.length);
    // A loop, not Math.max(...rows): spreading 900k closed rows overflowed the stack and failed the flush.
    let newestEnd = -Infinity;
    for (const w of closed.features) if (w.windowStart + cfg.windowMs > newestEnd) newestEnd = w.windowStart + cfg.windowMs;
    if (Number.isFinite(newestEnd)) metrics.windowLag.set(Math.max(0, (deps.clock.now() - newestEnd) / 1000));

    graph.add(closed.edges, closed.nodes);
    recent.add(closed.features, closed.edges);
    const endDetect = metrics.detectorSeconds.startTimer();
    await deps.detector.prepare?.(closed.features);
    const anomalies = deps.detector.observe(closed.features);
    endDetect();
    for (const a of anomalies) metrics.anomalies.inc({ feature: a.feature });

    const snapshot = graph.snapshot();
    const changes = incidents.update(toWindowReports(closed.features, anomalies), snapshot);
    // Root-cause analysis reads the stored windows: write them first.
    await flushWrites(forceFlush || changes.length > 0 || writes.due(), forceFlush);
    for (const change of changes) {
      if (change.mergedInto) change.incident.mergedInto = change.mergedInto;
      if (change.kind === 'opened') stampOpenedAt(change.incident, closed, cfg.windowMs);
      deployments.annotate(change.incident, DEFAULT_DECISION_CONFIG.recentChangeMs);
      // A change opened and resolved within one batch (a fast replay) still gets its root causes.
      if (change.kind !== 'resolved' || change.incident.rootCauses.length === 0) {
        const endRca = metrics.rcaSeconds.startTimer();
        change.incident.rootCauses = await analyseIncident(change.incident, snapshot, recent.source(storeWindows(deps)), cfg.windowMs);
        endRca();
      }
      if (change.kind === 'opened') metrics.incidentsOpened.inc({ severity: change.incident.severity });
      await timedWrite(metrics, 'incidents', 'save', () => deps.incidents.save(change.incident));
      for (const l of listeners) {
        try {
          await l(change, snapshot);
        } catch (e) {
          logger.warn('incident listener failed', { error: e, incident: change.incident.id });
        }
      }
    }
  }

  /**
   * Confirmation emits an anomaly run when its last window closes, so the incident opened at that close, not at the
   * end of the run's first window: openedAt says when an operator could first have known (event time).
   */
  function stampOpenedAt(incident: Incident, closed: ClosedWindows, windowMs: number): void {
    const services = new Set(incident.services);
    let closedAt = Date.parse(incident.openedAt);
    for (const w of closed.features) if (services.has(w.service)) closedAt = Math.max(closedAt, w.windowStart + windowMs);
    const iso = new Date(closedAt).toISOString();
    // What the confirming batch added (the opening and the services that joined with it) was known at that close.
    for (const t of incident.timeline ?? []) if (Date.parse(t.at) < closedAt) t.at = iso;
    incident.openedAt = iso;
  }

  /** Baselines come back from the store, so a restart (or a takeover) does not start a new warm-up. */
  async function warmFrom(resumeAt: number): Promise<void> {
    const history = await deps.features.queryRange(resumeAt - 25 * 3_600_000, resumeAt, '1m');
    history.sort((a, b) => a.windowStart - b.windowStart);
    deps.detector.warm(history);
    graph.load(await deps.graph.getGraph({ from: resumeAt - 3_600_000, to: resumeAt }), resumeAt);
  }

  return {
    async start() {
      const checkpoint = (await deps.state.get<Record<string, number>>(CHECKPOINT_KEY)) ?? {};
      aggregator.restore(checkpoint);
      durable = checkpoint;
      // Records of windows that were open at the last save (a crash, or a stop before they closed) come back.
      const reopened = await openRecords.load();
      if (reopened.spans.length + reopened.metrics.length + reopened.logs.length > 0) {
        aggregator.add(reopened);
        openRecords.add(reopened);
        logger.info('open windows restored', { spans: reopened.spans.length, metrics: reopened.metrics.length, logs: reopened.logs.length });
      }
      let resumeAt = 0;
      for (const t of Object.values(checkpoint)) if (t > resumeAt) resumeAt = t;
      if (resumeAt > 0) await warmFrom(resumeAt);
      incidents.restore(await deps.incidents.list({ status: 'open', limit: 1000 }));
      logger.info('pipeline started', { services: Object.keys(checkpoint).length, resumeAt: resumeAt ? new Date(resumeAt).toISOString() : null });
    },
    consume(batch) {
      return serial(async () => {
        seen.observe(batch);
        await deployments.observe(batch.spans);
        const late = aggregator.add(batch);
        openRecords.add(batch);
        if (late.replayed) metrics.rejected.inc({ signal: 'any', reason: 'already_stored' }, late.replayed);
        if (late.spans) metrics.late.inc({ signal: 'spans' }, late.spans);
        if (late.metrics) metrics.late.inc({ signal: 'metrics' }, late.metrics);
        if (late.logs) metrics.late.inc({ signal: 'logs' }, late.logs);
        if (late.duplicateSpans) metrics.rejected.inc({ signal: 'spans', reason: 'duplicate' }, late.duplicateSpans);
        await processClosed(aggregator.drain());
      });
    },
    tick() {
      return serial(() => processClosed(aggregator.flushIdle(deps.clock.now(), cfg.idleFlushMs)));
    },
    flush() {
      return serial(() => processClosed(aggregator.flushAll(), true));
    },
    consumeClosed(closed) {
      return serial(() => processClosed(closed, true));
    },
    takeOver(resumeAt) {
      return serial(async () => {
        await warmFrom(resumeAt);
        incidents.restore(await deps.incidents.list({ status: 'open', limit: 1000 }));
      });
    },
    sync() {
      return serial(() => flushWrites(true, true));
    },
    async stop() {
      await serial(() => processClosed(aggregator.flushAll(), true));
      logger.info('pipeline stopped');
    },
    onIncident(listener) {
      listeners.push(listener);
    },
    seen,
  };
}

export type { Incident };
