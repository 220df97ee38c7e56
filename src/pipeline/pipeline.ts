/**
 * The pipeline: decoded telemetry → event-time windows → detection → incidents → analysis → listeners, each stage
 * behind its own bounded queue (stage-queue.ts, incident-stages.ts; picture in README.md). The windows stage is
 * `consume`, fed one batch at a time by the ingest queue (`serial` guards the idle-flush timer); it never waits for
 * root-cause analysis, only for room in the detection queue and, at each write-behind flush (at most once per flush
 * interval), for detection and incidents to catch up: the stored checkpoint then means "these windows and the
 * incident state derived from them are durable". Root causes are derived and may lag.
 */
import type { ChangeStore, Clock, FeatureStore, GraphStore, Incident, IncidentStore, Stage, StateStore, TelemetryBatch } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { createWindowAggregator, type ClosedWindows } from '../features/window-aggregator.js';
import type { Detector } from '../core/detector.js';
import { createIncidentManager, type IncidentManagerConfig } from '../decision/incident-manager.js';
import { createLiveGraph } from './live-graph.js';
import { createSerial } from './serial.js';
import { createWriteBehind } from './write-behind.js';
import { createOpenRecords } from './open-records.js';
import { timedWrite } from './timed-write.js';
import { analyseIncident, storeWindows } from './analyse-incident.js';
import { createRecentWindows } from './recent-windows.js';
import { createDeploymentWatch } from './deployment-watch.js';
import { SeenServices } from './seen-services.js';
import { createStageQueue } from './stage-queue.js';
import { createIncidentStages, type IncidentAnalysis, type IncidentListener, type StageLimits } from './incident-stages.js';

export type { IncidentAnalysis, IncidentListener, StageLimits };

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
  /** Stage queue sizes and how many incidents are analysed at once. */
  stages?: StageLimits;
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
  /** Root-cause analysis of an incident (default: its windows, memory first, ranked by rca/analyse.ts). */
  analyse?: IncidentAnalysis;
}

export interface Pipeline extends Stage<TelemetryBatch> {
  /** Closes windows of idle services (call on a wall-clock timer). */
  tick(): Promise<void>;
  /** Closes every open window now (end of a replay) and waits until every stage, analysis and listeners included, is done. */
  flush(): Promise<void>;
  /**
   * Windows closed elsewhere (src/scale: partial windows of every Kafka partition merged by their owner) enter at the
   * point where closed windows leave the aggregator: stored, detected, grouped into incidents; written before it returns.
   */
  consumeClosed(closed: ClosedWindows): Promise<void>;
  /** This process now owns the merge (src/scale): baselines, graph and open incidents come back from the store. */
  takeOver(resumeAt: number): Promise<void>;
  /** Lets every stage finish what is closed, then writes the buffered windows (write-behind) without closing open ones. */
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
  const { metrics, logger } = deps;
  const writes = createWriteBehind(
    { windowMs: cfg.windowMs, flushIntervalMs: cfg.flushIntervalMs ?? 1_000, maxRows: cfg.maxPendingRows ?? 20_000, checkpointKey: CHECKPOINT_KEY },
    { features: deps.features, graph: deps.graph, state: deps.state, metrics, clock: deps.clock, logger },
  );

  const openRecords = createOpenRecords({ windowMs: cfg.windowMs }, { state: deps.state, logger });
  /** The checkpoint last stored: records of windows before it are durable as rows. */
  let durable: Record<string, number> = {};
  let openSavedAt = deps.clock.now();
  const analyse: IncidentAnalysis = deps.analyse ?? ((incident, g) => analyseIncident(incident, g, recent.source(storeWindows(deps)), cfg.windowMs));
  const later = createIncidentStages(
    { windowMs: cfg.windowMs, ...cfg.stages },
    { manager: incidents, analyse, store: deps.incidents, annotate: (i, ms) => deployments.annotate(i, ms), metrics, logger, clock: deps.clock },
  );
  const detection = createStageQueue<ClosedWindows>({ name: 'detection', capacity: cfg.stages?.batchQueue ?? 4, handle: detect }, { metrics, logger, clock: deps.clock });

  /** Scores closed windows and hands them, with the graph they were judged on, to the incidents stage. */
  async function detect(closed: ClosedWindows): Promise<void> {
    graph.add(closed.edges, closed.nodes);
    recent.add(closed.features, closed.edges);
    const endDetect = metrics.detectorSeconds.startTimer();
    await deps.detector.prepare?.(closed.features);
    const anomalies = deps.detector.observe(closed.features);
    endDetect();
    for (const a of anomalies) metrics.anomalies.inc({ feature: a.feature });
    await later.incidents.push({ closed, anomalies, graph: graph.snapshot() });
  }

  /** Detection and incidents have handled every window closed so far (never waits for analysis or listeners). */
  async function stateCaughtUp(): Promise<void> {
    await detection.idle();
    await later.incidents.idle();
  }

  /** Every stage is done, root causes and listeners included. */
  async function drained(): Promise<void> {
    await stateCaughtUp();
    await later.analysis.idle();
    await later.listeners.idle();
  }

  /** Writes closed windows when asked, then (at most once per flush interval) the records of open windows. */
  async function flushWrites(writeNow: boolean, force: boolean): Promise<void> {
    if (writeNow) {
      // The checkpoint covers the incident state too: the windows it marks as written have been through detection
      // and incidents (a replay from it rebuilds both, never half).
      await stateCaughtUp();
      const cp = aggregator.checkpoint();
      if (await writes.flush(cp)) durable = cp;
    }
    if (force || deps.clock.now() - openSavedAt >= (cfg.flushIntervalMs ?? 1_000)) {
      openSavedAt = deps.clock.now();
      await timedWrite(metrics, 'state', 'open_records', () => openRecords.save(durable, force));
    }
  }

  async function processClosed(closed: ClosedWindows, forceFlush = false): Promise<void> {
    if (closed.features.length > 0 || closed.edges.length > 0) {
      writes.add(closed);
      seen.closed(closed.features);
      metrics.windowsClosed.inc({ resolution: '1m' }, closed.features.length);
      // A loop, not Math.max(...rows): spreading 900k closed rows overflowed the stack and failed the flush.
      let newestEnd = -Infinity;
      for (const w of closed.features) if (w.windowStart + cfg.windowMs > newestEnd) newestEnd = w.windowStart + cfg.windowMs;
      if (Number.isFinite(newestEnd)) metrics.windowLag.set(Math.max(0, (deps.clock.now() - newestEnd) / 1000));
      // Waits only for room in the detection queue (backpressure), not for detection itself.
      await detection.push(closed);
    }
    await flushWrites(forceFlush || writes.due(), forceFlush);
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
    async flush() {
      await serial(() => processClosed(aggregator.flushAll(), true));
      await drained();
    },
    consumeClosed(closed) {
      return serial(() => processClosed(closed, true));
    },
    takeOver(resumeAt) {
      return serial(async () => {
        // Detection and incidents own the detector and the manager: let them finish what they hold first.
        await stateCaughtUp();
        await warmFrom(resumeAt);
        incidents.restore(await deps.incidents.list({ status: 'open', limit: 1000 }));
      });
    },
    sync() {
      return serial(async () => {
        // Readers (a scenario stepping minute by minute) then see the windows, the incidents and their root causes.
        await drained();
        await flushWrites(true, true);
      });
    },
    async stop() {
      await serial(() => processClosed(aggregator.flushAll(), true));
      await drained();
      logger.info('pipeline stopped');
    },
    onIncident(listener) {
      later.onIncident(listener);
    },
    seen,
  };
}

export type { Incident };
