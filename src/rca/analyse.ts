/**
 * The one root-cause entry point. The pipeline (each incident, `pipeline/incident-analysis.ts`) and the on-demand
 * analysis behind `aiops rca`, the API, Slack and the agent (`ops/rca.ts`) both rank here, with the same baseline
 * span and onset search: the causal ranking of `causal/` over every node's 1m windows from an hour before the first
 * anomaly, and RCA v0 (anomaly heuristics) only when there is too little history for a baseline.
 * Callers differ only in how they find the onset (the incident's first anomaly, or a re-scan around a service) and
 * where they read the windows from (memory or stores).
 */
import type { Anomaly, FeatureWindow, InboundSummary, RootCause, ServiceGraph } from '../core/index.js';
import { causalInputFromWindows } from './causal/from-windows.js';
import { rankCausal } from './causal/rank-causal.js';
import { rankRootCausesV0 } from './rank-v0.js';

/** Baseline of the causal ranking: this much before the first anomaly. */
export const RCA_BASELINE_MS = 3_600_000;
/** A detector confirms a change a window or two after it began: look this many windows earlier for the onset. */
export const ONSET_SEARCH_WINDOWS = 3;

export interface RcaRequest {
  /** Start of the first anomalous window (event time, ms): the onset is searched up to 3 windows before it. */
  onsetHintMs: number;
  /** End of the analysed span (exclusive, ms). */
  to: number;
  windowMs: number;
  /** Service-level 1m rows (ALL_OPERATIONS) and inbound calls covering at least [rcaSpanStart(onset), to). */
  features: readonly FeatureWindow[];
  inbound: InboundSummary;
  /** The call graph: its service nodes are the ranked candidates. */
  graph: ServiceGraph;
  /** Anomalies behind the question and the services they concern: what the v0 fallback ranks. */
  anomalies: Anomaly[];
  services: string[];
}

export interface RcaOutcome {
  rootCauses: RootCause[];
  /** Why the causal ranking gave nothing (too little history, nothing changed), in words. */
  reason?: string;
}

/** First window of the analysed span: the baseline hour before the onset hint, aligned to windows. */
export function rcaSpanStart(onsetHintMs: number, windowMs: number): number {
  return Math.floor((onsetHintMs - RCA_BASELINE_MS) / windowMs) * windowMs;
}

export function analyseRootCauses(q: RcaRequest): RcaOutcome {
  const from = rcaSpanStart(q.onsetHintMs, q.windowMs);
  const causal = rankCausal(
    causalInputFromWindows({
      features: q.features.filter((w) => w.windowStart >= from && w.windowStart < q.to),
      edges: q.inbound.windows,
      calls: q.inbound.edges,
      services: q.graph.nodes.filter((n) => n.kind === 'service').map((n) => n.name),
      from,
      to: q.to,
      stepMs: q.windowMs,
      onsetHintMs: q.onsetHintMs,
      onsetSearchBefore: ONSET_SEARCH_WINDOWS,
    }),
  );
  if (causal.causes.length) return { rootCauses: causal.causes };
  const services = new Set(q.services);
  const windows = q.features.filter((w) => services.has(w.service));
  return { rootCauses: rankRootCausesV0({ services: q.services, anomalies: q.anomalies, graph: q.graph, windows }), reason: causal.reason };
}
