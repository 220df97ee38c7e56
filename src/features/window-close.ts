/** Closing windows: resolve the calls still waiting for a pair, then turn accumulators into rows. */
import { CALLERS_OPERATION, type GraphNode } from '../core/index.js';
import type { AggregatorState } from './aggregator-state.js';
import { edgeRow, seriesRow } from './series-acc.js';
import type { NodeState } from './service-state.js';
import { resolveUnpaired } from './span-ingest.js';
import type { ClosedWindows } from './aggregator-types.js';

/**
 * Closes, per node, every open window starting before its target boundary. Clients still waiting for
 * a server span in those windows are named from their own attributes first, so no call is lost and
 * none is counted twice (a paired client has left the pending map).
 */
export function closeUpTo(st: AggregatorState, targets: Map<NodeState, number>): ClosedWindows {
  const out: ClosedWindows = { features: [], edges: [], nodes: [] };
  if (targets.size === 0) return out;
  sweepPending(st, targets);
  const { windowMs } = st.cfg;
  let closedAny = false;
  for (const [node, boundary] of targets) {
    for (const w of node.takeBefore(boundary)) {
      closedAny = true;
      if (w.spanIds !== null) st.spanIds -= w.spanIds.size;
      if (w.own) out.features.push(seriesRow(w.all, node.name, '', w.start, windowMs, st.resolution));
      if (w.ops !== null) {
        for (const [op, acc] of w.ops) out.features.push(seriesRow(acc, node.name, op, w.start, windowMs, st.resolution));
      }
      if (w.callers !== null) out.features.push(seriesRow(w.callers, node.name, CALLERS_OPERATION, w.start, windowMs, st.resolution));
      if (w.edges !== null) {
        for (const [callee, acc] of w.edges) out.edges.push(edgeRow(acc, node.name, callee, w.start, st.resolution));
      }
    }
  }
  if (closedAny) out.nodes = dirtyNodes(st);
  out.features.sort((a, b) => a.windowStart - b.windowStart);
  out.edges.sort((a, b) => a.windowStart - b.windowStart);
  return out;
}

function sweepPending(st: AggregatorState, targets: Map<NodeState, number>): void {
  for (const [id, client] of st.pairing.clients.entries()) {
    const node = st.nodes.get(client.service);
    const boundary = node === undefined ? undefined : targets.get(node);
    if (boundary === undefined || st.windowStart(client.startMs) >= boundary) continue;
    st.pairing.clients.delete(id);
    resolveUnpaired(st, client);
  }
}

function dirtyNodes(st: AggregatorState): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const n of st.nodes.values()) {
    if (!n.dirty || n.lastSeen === -Infinity) continue;
    n.dirty = false;
    nodes.push({ name: n.name, kind: n.kind, lastSeen: n.lastSeen });
  }
  return nodes;
}
