/** Deployments the decision engine may weigh for an incident: those stored from the telemetry, nothing else. */
import type { ChangeEvent, ChangeStore, Incident } from '../core/index.js';
import { DEFAULT_DECISION_CONFIG } from '../decision/engine/types.js';

/** Deployments of the incident's services and root causes from `recentChangeMs` before its first anomaly up to `now`. */
export async function incidentChanges(store: ChangeStore | undefined, incident: Incident, now: number, recentChangeMs = DEFAULT_DECISION_CONFIG.recentChangeMs): Promise<ChangeEvent[]> {
  if (!store) return [];
  const first = Date.parse(incident.firstAnomalyAt);
  const from = (Number.isFinite(first) ? first : now) - recentChangeMs;
  const services = [...new Set([...incident.services, ...incident.rootCauses.map((c) => c.service)])];
  return store.list({ services, from, to: now + 1 });
}
