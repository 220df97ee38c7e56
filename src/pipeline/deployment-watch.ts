/**
 * Deployments seen in the telemetry, end to end: detected per batch (src/features/deployments.ts), stored
 * (ChangeStore), kept a while in memory, and written into the timeline of the incidents they may explain.
 */
import type { ChangeEvent, ChangeStore, Incident } from '../core/index.js';
import { appendTimeline } from '../decision/timeline.js';
import { DeploymentTracker } from '../features/deployments.js';
import type { Logger } from '../obs/logger.js';

/** Deployments kept in memory for incident timelines (newest kept). */
const MAX_RECENT = 2_000;

export interface DeploymentWatch {
  /** Detects and stores the deployments these spans reveal; a store failure is logged, never thrown. */
  observe(spans: Parameters<DeploymentTracker['observe']>[0]): Promise<ChangeEvent[]>;
  /** Adds a `deployment` timeline entry for each deployment of the incident's services from `lookbackMs` before its first anomaly on. */
  annotate(incident: Incident, lookbackMs: number): void;
}

export function createDeploymentWatch(deps: { changes?: ChangeStore; logger: Logger }): DeploymentWatch {
  const tracker = new DeploymentTracker();
  const recent: ChangeEvent[] = [];
  return {
    async observe(spans) {
      const events = tracker.observe(spans);
      if (events.length === 0) return events;
      recent.push(...events);
      if (recent.length > MAX_RECENT) recent.splice(0, recent.length - MAX_RECENT);
      for (const e of events) deps.logger.info('deployment seen in telemetry', { service: e.service, version: e.version, previousVersion: e.previousVersion, at: new Date(e.at).toISOString() });
      try {
        await deps.changes?.save(events);
      } catch (e) {
        deps.logger.warn('storing deployments failed', { error: e, count: events.length });
      }
      return events;
    },
    annotate(incident, lookbackMs) {
      const services = new Set(incident.services);
      const from = Date.parse(incident.firstAnomalyAt) - lookbackMs;
      const has = new Set((incident.timeline ?? []).filter((t) => t.kind === 'deployment').map((t) => `${t.at} ${t.text}`));
      for (const e of recent) {
        if (!services.has(e.service) || e.at < from) continue;
        const text = deploymentText(e);
        if (!has.has(`${new Date(e.at).toISOString()} ${text}`)) appendTimeline(incident, e.at, 'deployment', text);
      }
      // Entries in event-time order: a deployment usually precedes the opening.
      incident.timeline?.sort((a, b) => (a.kind === 'opened' ? -1 : b.kind === 'opened' ? 1 : Date.parse(a.at) - Date.parse(b.at)));
    },
  };
}

export function deploymentText(e: ChangeEvent): string {
  return `deployment of ${e.service}: ${e.previousVersion ? `${e.previousVersion} → ` : ''}${e.version}`;
}
