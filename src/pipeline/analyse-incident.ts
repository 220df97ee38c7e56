/**
 * Ranks the root causes of an incident: the causal ranking over every node's stored 1m windows from an hour before
 * the first anomaly to the opening; RCA v0 (anomaly heuristics) only when there is too little history for a
 * baseline (a system seen for less than a few minutes).
 */
import { type FeatureStore, type GraphStore, type Incident, type RootCause, type ServiceGraph } from '../core/index.js';
import { causalInputFromWindows } from '../rca/causal/from-windows.js';
import { rankCausal } from '../rca/causal/rank-causal.js';
import { rankRootCausesV0 } from '../rca/rank-v0.js';
import type { WindowSource } from './recent-windows.js';

/** Baseline span before the first anomalous window. */
const BASELINE_MS = 60 * 60_000;
/** A detector confirms a change a window or two after it began: look this many windows earlier for the onset. */
const ONSET_SEARCH_WINDOWS = 3;

export async function analyseIncident(
  incident: Incident,
  graph: ServiceGraph,
  source: WindowSource,
  windowMs: number,
): Promise<RootCause[]> {
  const first = Date.parse(incident.firstAnomalyAt);
  const from = first - BASELINE_MS;
  const to = Math.max(Date.parse(incident.openedAt) + windowMs, latestAnomalyEnd(incident, windowMs));
  const [rows, inbound] = await Promise.all([source.features(from, to), source.inbound(from, to)]);
  const causal = rankCausal(
    causalInputFromWindows({
      features: rows,
      edges: inbound.windows,
      calls: inbound.edges,
      services: graph.nodes.filter((n) => n.kind === 'service').map((n) => n.name),
      from: Math.floor(from / windowMs) * windowMs,
      to,
      stepMs: windowMs,
      onsetHintMs: first,
      onsetSearchBefore: ONSET_SEARCH_WINDOWS,
    }),
  );
  if (causal.causes.length) return causal.causes;
  const services = new Set(incident.services);
  return rankRootCausesV0({ services: incident.services, anomalies: incident.anomalies, graph, windows: rows.filter((w) => services.has(w.service)) });
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
