/**
 * The stages after detection: incidents → analysis (root causes) → listeners (Slack, remediation proposals).
 * - incidents: groups a detected batch's anomalies into incidents and saves every change at once (state that the
 *   pipeline checkpoint covers), then hands the change to analysis.
 * - analysis: ranks root causes, saves them, hands each change to the listeners. Changes of one incident that wait
 *   together coalesce: the incident is analysed once with its latest state, and consecutive 'updated' changes reach
 *   the listeners as one (opened and resolved are always delivered). Root causes are derived and may lag.
 * - listeners: called in order, one change at a time; a failing listener is logged and the others still run.
 */
import type { Anomaly, Clock, Incident, IncidentStore, RootCause, ServiceGraph } from '../core/index.js';
import type { ClosedWindows } from '../features/window-aggregator.js';
import type { IncidentChange, IncidentManager } from '../decision/incident-manager.js';
import { DEFAULT_DECISION_CONFIG } from '../decision/engine/types.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { Logger } from '../obs/logger.js';
import { createStageQueue, type StageQueue } from './stage-queue.js';
import { timedWrite } from './timed-write.js';
import { toWindowReports } from './window-reports.js';

/** Ranks an incident's root causes (the default reads its windows and calls rca/analyse.ts). */
export type IncidentAnalysis = (incident: Incident, graph: ServiceGraph) => Promise<RootCause[]>;
/** Receives every incident change with the service graph it was judged on. */
export type IncidentListener = (change: IncidentChange, graph: ServiceGraph) => void | Promise<void>;

export interface DetectedBatch {
  closed: ClosedWindows;
  anomalies: Anomaly[];
  graph: ServiceGraph;
}

export interface AnalysisJob {
  /** The manager's live record: analysed and saved in its latest state. */
  incident: Incident;
  graph: ServiceGraph;
  /** What the listeners will receive, each with a copy of the incident as it was at that change. */
  changes: IncidentChange[];
}

interface Notice {
  change: IncidentChange;
  graph: ServiceGraph;
}

export interface StageLimits {
  /**
   * Closed-window batches waiting for detection, and detected batches waiting for incidents (default 4 each): both
   * stages are fast, and one batch may hold every window of a flush, so memory is bounded by few of them.
   */
  batchQueue?: number;
  /** Incidents waiting for analysis (default 64; the changes of one incident wait as one). */
  analysisQueue?: number;
  /** Changes waiting for the listeners (default 256). */
  listenerQueue?: number;
  /** Incidents analysed at once (the ranking is CPU on this thread; overlap helps the store reads); default 2. */
  analysisConcurrency?: number;
}

export interface IncidentStages {
  incidents: StageQueue<DetectedBatch>;
  analysis: StageQueue<AnalysisJob>;
  listeners: StageQueue<Notice>;
  onIncident(listener: IncidentListener): void;
}

export interface IncidentStageDeps {
  manager: IncidentManager;
  analyse: IncidentAnalysis;
  store: IncidentStore;
  /** Adds the deployments seen in the telemetry to an incident's timeline. */
  annotate(incident: Incident, withinMs: number): void;
  metrics: AiopsMetrics;
  logger: Logger;
  clock: Clock;
}

/** A job that waits merged with a newer one: latest state, changes in order, consecutive updates as one. */
export function mergeJobs(waiting: AnalysisJob, next: AnalysisJob): AnalysisJob {
  const changes = waiting.changes.slice();
  for (const c of next.changes) {
    const last = changes[changes.length - 1];
    if (last?.kind === 'updated' && c.kind === 'updated') changes[changes.length - 1] = c;
    else changes.push(c);
  }
  return { incident: next.incident, graph: next.graph, changes };
}

export function createIncidentStages(cfg: { windowMs: number } & StageLimits, deps: IncidentStageDeps): IncidentStages {
  const { metrics, logger, store } = deps;
  const sd = { metrics, logger, clock: deps.clock };
  const listeners: IncidentListener[] = [];
  const save = (incident: Incident) => timedWrite(metrics, 'incidents', 'save', () => store.save(incident));

  const notify = createStageQueue<Notice>(
    {
      name: 'listeners',
      capacity: cfg.listenerQueue ?? 256,
      async handle({ change, graph }) {
        for (const l of listeners) {
          try {
            await l(change, graph);
          } catch (e) {
            logger.warn('incident listener failed', { error: e, incident: change.incident.id });
          }
        }
      },
    },
    sd,
  );

  const analysis = createStageQueue<AnalysisJob>(
    {
      name: 'analysis',
      capacity: cfg.analysisQueue ?? 64,
      concurrency: cfg.analysisConcurrency ?? 2,
      key: (job) => job.incident.id,
      merge: mergeJobs,
      async handle(job) {
        const { incident } = job;
        // A change opened and resolved before its analysis (a fast replay) still gets its root causes.
        if (job.changes.some((c) => c.kind !== 'resolved') || incident.rootCauses.length === 0) {
          const end = metrics.rcaSeconds.startTimer();
          try {
            incident.rootCauses = await deps.analyse(incident, job.graph);
            await save(incident);
          } catch (e) {
            logger.error('root-cause analysis failed; the incident keeps its previous causes', { error: e, incident: incident.id });
          } finally {
            end();
          }
        }
        for (const change of job.changes) {
          change.incident.rootCauses = incident.rootCauses;
          await notify.push({ change, graph: job.graph });
        }
      },
    },
    sd,
  );

  const incidents = createStageQueue<DetectedBatch>(
    {
      name: 'incidents',
      capacity: cfg.batchQueue ?? 4,
      async handle({ closed, anomalies, graph }) {
        const changes = deps.manager.update(toWindowReports(closed.features, anomalies), graph);
        for (const change of changes) {
          if (change.mergedInto) change.incident.mergedInto = change.mergedInto;
          if (change.kind === 'opened') stampOpenedAt(change.incident, closed, cfg.windowMs);
          deps.annotate(change.incident, DEFAULT_DECISION_CONFIG.recentChangeMs);
          if (change.kind === 'opened') metrics.incidentsOpened.inc({ severity: change.incident.severity });
          await save(change.incident);
          await analysis.push({ incident: change.incident, graph, changes: [{ ...change, incident: structuredClone(change.incident) }] });
        }
      },
    },
    sd,
  );

  return { incidents, analysis, listeners: notify, onIncident: (l) => void listeners.push(l) };
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
