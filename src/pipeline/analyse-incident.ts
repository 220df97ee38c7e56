/**
 * The pipeline's side of root-cause analysis: reads the incident's windows (memory first, `recent-windows.ts`) from
 * the hour before its first anomaly to its newest anomalous window, and ranks them through the one RCA entry point
 * (`rca/analyse.ts`), which `aiops rca`, the API, Slack and the agent use too (`ops/rca.ts`).
 */
import { type FeatureStore, type GraphStore, type Incident, type RootCause, type ServiceGraph } from '../core/index.js';
import { analyseRootCauses, rcaSpanStart } from '../rca/analyse.js';
import type { WindowSource } from './recent-windows.js';

export async function analyseIncident(
  incident: Incident,
  graph: ServiceGraph,
  source: WindowSource,
  windowMs: number,
): Promise<RootCause[]> {
  const first = Date.parse(incident.firstAnomalyAt);
  const from = rcaSpanStart(first, windowMs);
  const to = Math.max(Date.parse(incident.openedAt) + windowMs, latestAnomalyEnd(incident, windowMs));
  const [features, inbound] = await Promise.all([source.features(from, to), source.inbound(from, to)]);
  return analyseRootCauses({ onsetHintMs: first, to, windowMs, features, inbound, graph, anomalies: incident.anomalies, services: incident.services }).rootCauses;
}

/** Reads service-level rows and edge windows from the stores (the cold path, and what the cache falls back to). */
export function storeWindows(stores: { features: FeatureStore; graph: Pick<GraphStore, 'queryInbound'> }): WindowSource {
  return {
    features: (from, to) => stores.features.queryRange(from, to, '1m', { serviceLevelOnly: true }),
    inbound: (from, to) => stores.graph.queryInbound(from, to),
  };
}

function latestAnomalyEnd(incident: Incident, windowMs: number): number {
  let max = 0;
  for (const a of incident.anomalies) max = Math.max(max, Date.parse(a.windowStart) + windowMs);
  return max;
}
