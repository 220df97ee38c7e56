/** Pure neighbourhood selection over an aggregated graph. */
import type { GraphEdge, ServiceGraph } from '../core/index.js';

/**
 * Nodes within `depth` hops of `centre` following edges downstream (callees, callees of callees…) and,
 * separately, upstream (callers…). Siblings reached only through a shared callee are not included: they
 * are neither upstream nor downstream of the centre. Visited sets make cycles safe. Edges are kept when
 * both ends are selected. An unknown centre gives an empty graph.
 */
export function neighbourhood(graph: ServiceGraph, centre: string, depth = Infinity): ServiceGraph {
  if (!graph.nodes.some((n) => n.name === centre)) return { nodes: [], edges: [] };
  const down = adjacency(graph.edges, (e) => [e.from, e.to]);
  const up = adjacency(graph.edges, (e) => [e.to, e.from]);
  const keep = new Set([...reach(down, centre, depth), ...reach(up, centre, depth)]);
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.name)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

function adjacency(edges: readonly GraphEdge[], dir: (e: GraphEdge) => [string, string]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = dir(e);
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  }
  return out;
}

function reach(adj: Map<string, string[]>, start: string, depth: number): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of adj.get(n) ?? []) {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return seen;
}
