/** GraphStore on edge_windows and graph_nodes. */
import type { EdgeWindow, GraphEdge, GraphNode, GraphQuery, GraphStore, NodeKind, Resolution, ServiceGraph } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { EDGE_CHUNK_ROWS } from './limits.js';
import { edgeKey, edgeParams, UPSERT_EDGES_SQL, upsertNodes } from './graph-sql.js';
import { neighbourhood } from './graph-traversal.js';
import { chunks, clampMs, dedupeBy, msToTs, timedWrite, toBytes, tsToMs } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

/**
 * Edges summed over [from, to). An edge written at several resolutions is counted once, at its finest
 * resolution in the range, so rollups never double the calls. p99 is the max of the window p99s: an upper
 * bound of the range p99 that needs no sketch decoding in SQL.
 */
const EDGES_SQL = `
WITH ranked AS (
  SELECT caller, callee, callee_kind, calls, errors, p99_ms, window_start,
         rank() OVER (PARTITION BY caller, callee ORDER BY
           CASE resolution WHEN '1m' THEN 1 WHEN '5m' THEN 2 WHEN '15m' THEN 3 ELSE 4 END) AS rk
  FROM edge_windows
  WHERE ($1::bigint IS NULL OR window_start >= ${msToTs('$1')}) AND ($2::bigint IS NULL OR window_start < ${msToTs('$2')})
)
SELECT caller, callee, max(callee_kind) AS callee_kind, sum(calls)::float8 AS calls, sum(errors)::float8 AS errors,
       max(p99_ms) AS p99_ms, ${tsToMs('max(window_start)')} AS last_seen
FROM ranked WHERE rk = 1 GROUP BY caller, callee ORDER BY caller, callee`;

/** 1m calls into each callee per window over all callers (p50 call-weighted, p99 the max). */
const INBOUND_WINDOWS_SQL = `
SELECT callee, max(callee_kind) AS callee_kind, ${tsToMs('window_start')} AS window_start, sum(calls)::float8 AS calls,
       sum(errors)::float8 AS errors, (sum(p50_ms * calls) FILTER (WHERE p50_ms IS NOT NULL)
         / nullif(sum(calls) FILTER (WHERE p50_ms IS NOT NULL), 0))::float8 AS p50_ms, max(p99_ms) AS p99_ms
FROM edge_windows
WHERE resolution = '1m' AND window_start >= ${msToTs('$1')} AND window_start < ${msToTs('$2')}
GROUP BY callee, window_start
ORDER BY window_start, callee`;

/** 1m calls per edge over the range. */
const INBOUND_EDGES_SQL = `
SELECT caller, callee, max(callee_kind) AS callee_kind, sum(calls)::float8 AS calls
FROM edge_windows
WHERE resolution = '1m' AND window_start >= ${msToTs('$1')} AND window_start < ${msToTs('$2')}
GROUP BY caller, callee
ORDER BY caller, callee`;

/** Raw windows of one resolution; counts as float8 so both drivers return JS numbers (pg returns bigint as text). */
const EDGE_WINDOWS_SQL = `
SELECT caller, callee, callee_kind, resolution, ${tsToMs('window_start')} AS window_start, calls::float8 AS calls,
       errors::float8 AS errors, p50_ms, p99_ms, sketch
FROM edge_windows
WHERE resolution = $1 AND window_start >= ${msToTs('$2')} AND window_start < ${msToTs('$3')}
ORDER BY window_start, caller, callee`;

interface EdgeWindowRow {
  caller: string;
  callee: string;
  callee_kind: NodeKind;
  resolution: Resolution;
  window_start: number;
  calls: number;
  errors: number;
  p50_ms: number | null;
  p99_ms: number | null;
  sketch: Uint8Array | null;
}

interface EdgeAgg {
  caller: string;
  callee: string;
  callee_kind: NodeKind;
  calls: number;
  errors: number;
  p99_ms: number | null;
  last_seen: number;
}

export function createSqlGraphStore(client: SqlClient, deps: { metrics?: AiopsMetrics } = {}): GraphStore {
  async function wholeGraph(q: GraphQuery): Promise<ServiceGraph> {
    const from = q.from === undefined ? null : clampMs(q.from);
    const to = q.to === undefined ? null : clampMs(Math.ceil(q.to));
    const aggs = (await client.query<EdgeAgg>(EDGES_SQL, [from, to])).rows;
    const stored = (
      await client.query<{ name: string; kind: NodeKind; last_seen: number }>(`SELECT name, kind, ${tsToMs('last_seen')} AS last_seen FROM graph_nodes`)
    ).rows;
    const nodes = new Map<string, GraphNode>();
    // A stored node counts in a bounded range only when it was last seen inside it; its lastSeen may be
    // later than `to` when it is also an endpoint of an edge in the range.
    for (const n of stored) {
      if ((from === null || n.last_seen >= from) && (to === null || n.last_seen < to)) nodes.set(n.name, { name: n.name, kind: n.kind, lastSeen: n.last_seen });
    }
    const byName = new Map(stored.map((n) => [n.name, n]));
    const endpoint = (name: string, kind: NodeKind, lastSeen: number) => {
      if (nodes.has(name)) return;
      const s = byName.get(name);
      nodes.set(name, s ? { name, kind: s.kind, lastSeen: s.last_seen } : { name, kind, lastSeen });
    };
    const edges: GraphEdge[] = aggs.map((a) => {
      endpoint(a.caller, 'service', a.last_seen);
      endpoint(a.callee, a.callee_kind, a.last_seen);
      return { from: a.caller, to: a.callee, calls: a.calls, errors: a.errors, p99Ms: a.p99_ms };
    });
    return { nodes: [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)), edges };
  }

  return {
    async upsertEdges(edges: readonly EdgeWindow[]) {
      if (edges.length === 0) return;
      await timedWrite(deps.metrics, 'edge_windows', 'upsert', async () => {
        for (const part of chunks(dedupeBy(edges, edgeKey), EDGE_CHUNK_ROWS)) await client.query(UPSERT_EDGES_SQL, edgeParams(part));
      });
    },

    upsertNodes(nodes: readonly GraphNode[]) {
      if (nodes.length === 0) return Promise.resolve();
      return timedWrite(deps.metrics, 'graph_nodes', 'upsert', () => upsertNodes(client, nodes));
    },

    async getGraph(q: GraphQuery) {
      const graph = await wholeGraph(q);
      return q.service === undefined ? graph : neighbourhood(graph, q.service, q.depth);
    },

    async queryInbound(from: number, to: number) {
      const params = [clampMs(from), clampMs(Math.ceil(to))];
      type WindowRow = Omit<EdgeWindowRow, 'caller' | 'resolution' | 'sketch'>;
      const [windows, edges] = await Promise.all([
        client.query<WindowRow>(INBOUND_WINDOWS_SQL, params),
        client.query<{ caller: string; callee: string; callee_kind: NodeKind; calls: number }>(INBOUND_EDGES_SQL, params),
      ]);
      return {
        windows: windows.rows.map((r) => ({
          caller: '*',
          callee: r.callee,
          calleeKind: r.callee_kind,
          resolution: '1m' as const,
          windowStart: r.window_start,
          calls: r.calls,
          errors: r.errors,
          p50Ms: r.p50_ms,
          p99Ms: r.p99_ms,
          sketch: null,
        })),
        edges: edges.rows.map((r) => ({ caller: r.caller, callee: r.callee, calleeKind: r.callee_kind, calls: r.calls })),
      };
    },

    async queryEdgeWindows(from: number, to: number, resolution: Resolution = '1m') {
      const rows = (await client.query<EdgeWindowRow>(EDGE_WINDOWS_SQL, [resolution, clampMs(from), clampMs(Math.ceil(to))])).rows;
      return rows.map((r) => ({
        caller: r.caller,
        callee: r.callee,
        calleeKind: r.callee_kind,
        resolution: r.resolution,
        windowStart: r.window_start,
        calls: r.calls,
        errors: r.errors,
        p50Ms: r.p50_ms,
        p99Ms: r.p99_ms,
        sketch: toBytes(r.sketch),
      }));
    },
  };
}
