/** SQL for graph_nodes and edge_windows, shared by the graph store and the feature store. */
import type { EdgeWindow, GraphNode, NodeKind } from '../core/index.js';
import { dedupeBy, msToTs, toHex } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

/** last_seen only moves forward, so replaying an old batch never makes a node look stale. */
const UPSERT_NODES_SQL = `
INSERT INTO graph_nodes (name, kind, last_seen)
SELECT t.name, t.kind, ${msToTs('t.last_seen')} FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(name, kind, last_seen)
ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, last_seen = GREATEST(graph_nodes.last_seen, excluded.last_seen)
WHERE (graph_nodes.kind, graph_nodes.last_seen) IS DISTINCT FROM (excluded.kind, GREATEST(graph_nodes.last_seen, excluded.last_seen))`;

function latestPerName(nodes: readonly GraphNode[]): GraphNode[] {
  const byName = new Map<string, GraphNode>();
  for (const n of nodes) {
    const prev = byName.get(n.name);
    byName.set(n.name, prev && prev.lastSeen > n.lastSeen ? prev : n);
  }
  return [...byName.values()];
}

export async function upsertNodes(client: SqlClient, nodes: readonly GraphNode[]): Promise<void> {
  const unique = latestPerName(nodes);
  if (unique.length === 0) return;
  await client.query(UPSERT_NODES_SQL, [unique.map((n) => n.name), unique.map((n) => n.kind), unique.map((n) => Math.floor(n.lastSeen))]);
}

/**
 * A node that writes feature rows is a service node, whatever a caller's span called it before (an external host
 * that turns out to report itself) — except a database: databases get feature rows of their own, from the client
 * spans that call them, and stay databases.
 */
const UPSERT_SERVICE_NODES_SQL = `
INSERT INTO graph_nodes (name, kind, last_seen)
SELECT t.name, 'service', ${msToTs('t.last_seen')} FROM unnest($1::text[], $2::bigint[]) AS t(name, last_seen)
ON CONFLICT (name) DO UPDATE SET kind = CASE WHEN graph_nodes.kind = 'database' THEN graph_nodes.kind ELSE excluded.kind END,
  last_seen = GREATEST(graph_nodes.last_seen, excluded.last_seen)
WHERE (graph_nodes.kind <> 'database' AND graph_nodes.kind <> excluded.kind) OR graph_nodes.last_seen < excluded.last_seen`;

export async function upsertServiceNodes(client: SqlClient, seen: readonly { name: string; lastSeen: number }[]): Promise<void> {
  const unique = latestPerName(seen.map((s) => ({ name: s.name, kind: 'service' as NodeKind, lastSeen: s.lastSeen })));
  if (unique.length === 0) return;
  await client.query(UPSERT_SERVICE_NODES_SQL, [unique.map((n) => n.name), unique.map((n) => Math.floor(n.lastSeen))]);
}

const EDGE_COLS = ['caller', 'callee', 'callee_kind', 'resolution', 'window_start', 'calls', 'errors', 'p50_ms', 'p99_ms', 'sketch'];

export const UPSERT_EDGES_SQL = `
INSERT INTO edge_windows (${EDGE_COLS.join(', ')})
SELECT t.caller, t.callee, t.callee_kind, t.resolution, ${msToTs('t.window_start')}, t.calls, t.errors, t.p50_ms, t.p99_ms, decode(t.sketch, 'hex')
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::float8[], $9::float8[], $10::text[])
  AS t(${EDGE_COLS.join(', ')})
ON CONFLICT (caller, callee, resolution, window_start) DO UPDATE SET
  callee_kind = excluded.callee_kind, calls = excluded.calls, errors = excluded.errors,
  p50_ms = excluded.p50_ms, p99_ms = excluded.p99_ms, sketch = excluded.sketch
WHERE (edge_windows.callee_kind, edge_windows.calls, edge_windows.errors, edge_windows.p50_ms, edge_windows.p99_ms, edge_windows.sketch)
  IS DISTINCT FROM (excluded.callee_kind, excluded.calls, excluded.errors, excluded.p50_ms, excluded.p99_ms, excluded.sketch)`;

export const edgeKey = (e: EdgeWindow) => `${e.caller}\u0000${e.callee}\u0000${e.resolution}\u0000${e.windowStart}`;

export function edgeParams(edges: readonly EdgeWindow[]): unknown[][] {
  const rows = dedupeBy(edges, edgeKey);
  return [
    rows.map((e) => e.caller),
    rows.map((e) => e.callee),
    rows.map((e) => e.calleeKind),
    rows.map((e) => e.resolution),
    rows.map((e) => Math.floor(e.windowStart)),
    rows.map((e) => Math.round(e.calls)),
    rows.map((e) => Math.round(e.errors)),
    rows.map((e) => e.p50Ms),
    rows.map((e) => e.p99Ms),
    rows.map((e) => toHex(e.sketch)),
  ];
}
