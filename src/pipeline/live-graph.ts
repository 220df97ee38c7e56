/**
 * The service graph as the pipeline last saw it: edges of recent windows, aged out by event time.
 * Incident grouping and RCA need it on every closed window, so it lives in memory; the GraphStore keeps history.
 */
import type { EdgeWindow, GraphEdge, GraphNode, ServiceGraph } from '../core/index.js';

interface EdgeState extends GraphEdge {
  lastSeen: number;
}

export interface LiveGraph {
  add(edges: readonly EdgeWindow[], nodes: readonly GraphNode[]): void;
  /** Edges seen within `horizonMs` of the newest event time. */
  snapshot(): ServiceGraph;
  load(graph: ServiceGraph, at: number): void;
}

export function createLiveGraph(horizonMs = 3_600_000): LiveGraph {
  const edges = new Map<string, EdgeState>();
  const nodes = new Map<string, GraphNode>();
  let newest = 0;
  const addNode = (n: GraphNode) => {
    const prev = nodes.get(n.name);
    if (!prev || prev.lastSeen < n.lastSeen) nodes.set(n.name, { ...n, kind: prev && prev.kind === 'service' ? 'service' : n.kind });
    newest = Math.max(newest, n.lastSeen);
  };
  return {
    add(ews, ns) {
      for (const n of ns) addNode(n);
      for (const e of ews) {
        const key = `${e.caller}\u0000${e.callee}`;
        const end = e.windowStart + 60_000;
        const prev = edges.get(key);
        // Counts describe the most recent window; p99 the worst recent one, which is what an on-call reads.
        if (!prev || prev.lastSeen <= end) edges.set(key, { from: e.caller, to: e.callee, calls: e.calls, errors: e.errors, p99Ms: e.p99Ms, lastSeen: end });
        newest = Math.max(newest, end);
      }
    },
    snapshot() {
      const cutoff = newest - horizonMs;
      const live: GraphEdge[] = [];
      for (const [key, e] of edges) {
        if (e.lastSeen < cutoff) edges.delete(key);
        else live.push({ from: e.from, to: e.to, calls: e.calls, errors: e.errors, p99Ms: e.p99Ms });
      }
      return { nodes: [...nodes.values()], edges: live };
    },
    load(graph, at) {
      for (const n of graph.nodes) addNode(n);
      for (const e of graph.edges) edges.set(`${e.from}\u0000${e.to}`, { ...e, lastSeen: at });
      newest = Math.max(newest, at);
    },
  };
}
