/** What every signal and evidence line of one ranking reads: graph, candidates, window facts, time unit. */
import { RESOLUTION_MS, type Anomaly } from '../core/index.js';
import { buildCallGraph, reachable, type CallGraph } from './call-graph.js';
import { collectFacts, type NodeFacts } from './node-facts.js';
import type { RcaInput } from './rca-input.js';
import { windowFacts, type WindowFacts } from './window-evidence.js';

export interface RankContext {
  g: CallGraph;
  facts: Map<string, NodeFacts>;
  windows: Map<string, WindowFacts>;
  windowMs: number;
  earliest: number;
  /** Anomalous nodes reachable downstream of each node (cycle-safe). */
  downstream(name: string): NodeFacts[];
  upstream(name: string): NodeFacts[];
}

export function buildRankContext(input: RcaInput, anomalies: Anomaly[]): RankContext {
  const g = buildCallGraph(input.graph);
  const earliest = Math.min(...anomalies.map((a) => Date.parse(a.windowStart)));
  const windows = windowFacts(input.windows, earliest);
  const facts = collectFacts(anomalies, g, windows);
  const resolution = input.windows?.find((w) => w?.resolution)?.resolution;
  const windowMs = input.windowMs && input.windowMs > 0 ? input.windowMs : resolution ? RESOLUTION_MS[resolution] : 60_000;
  const pick = (names: Set<string>) => [...names].map((n) => facts.get(n)).filter((f): f is NodeFacts => !!f);
  return {
    g,
    facts,
    windows,
    windowMs,
    earliest,
    downstream: (name) => pick(reachable(name, g.callees)),
    upstream: (name) => pick(reachable(name, g.callers)).filter((f) => !f.inferredFrom),
  };
}

