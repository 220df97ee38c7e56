/** Turns domain rows into Cypher batch parameters and Cypher result records into graph parts. */
import type { EdgeWindow, GraphEdge, GraphNode, Resolution } from '../../core/index.js';
import { RESOLUTION_MS } from '../../core/index.js';
import { fromCypherBytes, int, LABEL_OF, num, relTypeOf, toCypherBytes, toKind, toNumber } from './neo4j-values.js';

/** Finest first: the order getGraph prefers resolutions in when a range holds several. */
export const RESOLUTIONS = (Object.keys(RESOLUTION_MS) as Resolution[]).sort((a, b) => RESOLUTION_MS[a] - RESOLUTION_MS[b]);
export const RESOLUTION_RANK: Record<string, number> = Object.fromEntries(RESOLUTIONS.map((r, i) => [r, i]));

export interface PairRow {
  caller: string;
  callee: string;
  kind: string;
  label: string;
  first: ReturnType<typeof int>;
  last: ReturnType<typeof int>;
  windows: Record<string, unknown>[];
}

/** Groups windows by (caller, callee); a window key repeated in the batch keeps its last row. */
export function pairRows(edges: readonly EdgeWindow[]): PairRow[] {
  const pairs = new Map<string, { e: EdgeWindow; windows: Map<string, EdgeWindow> }>();
  for (const e of edges) {
    const key = `${e.caller}\u0000${e.callee}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { e, windows: new Map() }));
    p.windows.set(`${e.resolution}\u0000${Math.trunc(e.windowStart)}`, e);
  }
  return [...pairs.values()].map(({ e, windows }) => {
    const ws = [...windows.values()];
    const starts = ws.map((w) => Math.trunc(w.windowStart));
    return {
      caller: e.caller,
      callee: e.callee,
      kind: e.calleeKind,
      label: LABEL_OF[e.calleeKind],
      first: int(Math.min(...starts)),
      last: int(Math.max(...starts)),
      windows: ws.map((w) => ({
        resolution: w.resolution,
        windowStart: int(w.windowStart),
        calls: int(Math.round(w.calls)),
        errors: int(Math.round(w.errors)),
        p50Ms: w.p50Ms,
        p99Ms: w.p99Ms,
        sketch: toCypherBytes(w.sketch),
      })),
    };
  });
}

/** One row per name: the latest sighting decides the kind (ties: the later row). */
export function nodeRows(nodes: readonly GraphNode[]): Record<string, unknown>[] {
  const byName = new Map<string, GraphNode>();
  for (const n of nodes) {
    const prev = byName.get(n.name);
    byName.set(n.name, prev && prev.lastSeen > n.lastSeen ? prev : n);
  }
  return [...byName.values()].map((n) => ({ name: n.name, kind: n.kind, label: LABEL_OF[n.kind], type: relTypeOf(n.kind), lastSeen: int(n.lastSeen) }));
}

export interface EdgeRecord {
  edge: GraphEdge;
  caller: GraphNode;
  callee: GraphNode;
}

type Rec = { get(key: string): unknown };

export function toGraphNode(r: Rec, prefix = ''): GraphNode {
  const key = (k: string) => (prefix ? `${prefix}${k[0].toUpperCase()}${k.slice(1)}` : k);
  return { name: String(r.get(prefix || 'name')), kind: toKind(r.get(key('kind'))), lastSeen: toNumber(r.get(key('lastSeen'))) };
}

export function toEdgeRecord(r: Rec): EdgeRecord {
  return {
    edge: { from: String(r.get('caller')), to: String(r.get('callee')), calls: toNumber(r.get('calls')), errors: toNumber(r.get('errors')), p99Ms: num(r.get('p99')) },
    caller: toGraphNode(r, 'caller'),
    callee: toGraphNode(r, 'callee'),
  };
}

/** A record of EDGE_WINDOWS as the domain row; a callee node missing (never expected) reads as a service. */
export function toEdgeWindow(r: Rec): EdgeWindow {
  return {
    caller: String(r.get('caller')),
    callee: String(r.get('callee')),
    calleeKind: toKind(r.get('calleeKind')),
    resolution: String(r.get('resolution')) as Resolution,
    windowStart: toNumber(r.get('windowStart')),
    calls: toNumber(r.get('calls')),
    errors: toNumber(r.get('errors')),
    p50Ms: num(r.get('p50Ms')),
    p99Ms: num(r.get('p99Ms')),
    sketch: fromCypherBytes(r.get('sketch')),
  };
}
