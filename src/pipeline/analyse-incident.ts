/** Ranks the root causes of an incident with the stored windows around it as evidence. */
import { type FeatureStore, type Incident, type RootCause, type ServiceGraph, ALL_OPERATIONS } from '../core/index.js';
import { rankRootCausesV0 } from '../rca/rank-v0.js';

const LOOKBACK_MS = 30 * 60_000;

export async function analyseIncident(incident: Incident, graph: ServiceGraph, features: FeatureStore, windowMs: number): Promise<RootCause[]> {
  const from = Date.parse(incident.firstAnomalyAt) - LOOKBACK_MS;
  const to = Date.parse(incident.openedAt) + windowMs;
  const services = new Set(incident.services);
  const windows = (await features.queryRange(from, Math.max(to, latestAnomalyEnd(incident, windowMs)), '1m')).filter(
    (w) => w.operation === ALL_OPERATIONS && services.has(w.service),
  );
  return rankRootCausesV0({ services: incident.services, anomalies: incident.anomalies, graph, windows });
}

function latestAnomalyEnd(incident: Incident, windowMs: number): number {
  let max = 0;
  for (const a of incident.anomalies) max = Math.max(max, Date.parse(a.windowStart) + windowMs);
  return max;
}
