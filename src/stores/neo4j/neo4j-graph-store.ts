/**
 * GraphStore on Neo4j: (:Service|:Database|:ExternalService {name}) nodes, one CALLS/ACCESSES relationship
 * per caller/callee pair, and per-window stats as (:EdgeWindow) nodes keyed by (caller, callee, resolution,
 * windowStart). Model and query costs: README.md in this folder.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { AiopsError, summarizeInbound, type EdgeWindow, type GraphNode, type GraphQuery, type GraphStore, type Resolution, type ServiceGraph } from '../../core/index.js';
import type { AiopsMetrics } from '../../obs/metrics.js';
import { neighbourhood } from '../graph-traversal.js';
import { ALL_EDGES, candidates, EDGE_WINDOWS, EDGES_AMONG, NODES_SEEN, UPSERT_EDGES, UPSERT_NODES, UPSERT_OPERATIONS } from './neo4j-cypher.js';
import { createNeo4jGraphQueries, type Neo4jGraphQueries } from './neo4j-graph-queries.js';
import { nodeRows, pairRows, RESOLUTION_RANK, RESOLUTIONS, toEdgeRecord, toEdgeWindow, toGraphNode, type EdgeRecord } from './neo4j-rows.js';
import { AWAIT_INDEXES, SCHEMA_STATEMENTS } from './neo4j-schema.js';
import { hopBound, int, lowerBound, upperBound } from './neo4j-values.js';

export interface Neo4jConnection {
  uri: string;
  user?: string;
  password?: string;
}

export interface Neo4jGraphStoreOptions {
  /** Database name; default: the server's default database. */
  database?: string;
  metrics?: AiopsMetrics;
  /** Pairs (edges) or nodes per UNWIND batch; default 1000. */
  batchSize?: number;
}

/** An operation of a service: `(:Service)-[:HAS_OPERATION]->(:Operation {service, name})`. */
export interface OperationSighting {
  service: string;
  name: string;
  lastSeen: number;
}

export interface Neo4jGraphStore extends GraphStore, Neo4jGraphQueries {
  upsertOperations(ops: readonly OperationSighting[]): Promise<void>;
  /** Constraints and indexes, idempotent; waits until the indexes are online. */
  ensureSchema(): Promise<void>;
  /** Closes the driver when the store opened it; a driver passed in stays open (its owner closes it). */
  close(): Promise<void>;
}

export function createNeo4jGraphStore(conn: Driver | Neo4jConnection, opts: Neo4jGraphStoreOptions = {}): Neo4jGraphStore {
  const owned = !isDriver(conn);
  const driver = isDriver(conn)
    ? conn
    : neo4j.driver(conn.uri, conn.user === undefined ? undefined : neo4j.auth.basic(conn.user, conn.password ?? ''), { userAgent: 'otlp-aiops' });
  const batchSize = opts.batchSize ?? 1000;
  const db = opts.database;

  const run = async (query: string, params: Record<string, unknown>, write: boolean) => {
    try {
      const res = await driver.executeQuery(query, params, { database: db, routing: write ? neo4j.routing.WRITE : neo4j.routing.READ });
      return res.records;
    } catch (e) {
      throw storeError(e);
    }
  };

  async function writeBatches(store: string, query: string, rows: readonly unknown[]): Promise<void> {
    if (rows.length === 0) return;
    const end = opts.metrics?.storeWriteSeconds.startTimer({ store, op: 'upsert' });
    try {
      for (let i = 0; i < rows.length; i += batchSize) await run(query, { rows: rows.slice(i, i + batchSize) }, true);
    } finally {
      end?.();
    }
  }

  const rangeParams = (q: { from?: number; to?: number }) => ({ from: lowerBound(q.from), to: upperBound(q.to), resolutions: RESOLUTIONS, rank: RESOLUTION_RANK });

  async function aggregate(q: GraphQuery): Promise<ServiceGraph> {
    const params = rangeParams(q);
    let seen: GraphNode[];
    let edges: EdgeRecord[];
    if (q.service === undefined) {
      seen = (await run(NODES_SEEN, params, false)).map((r) => toGraphNode(r));
      edges = (await run(ALL_EDGES, params, false)).map(toEdgeRecord);
    } else {
      const cands = (await run(candidates(hopBound(q.depth)), { ...params, service: q.service }, false)).map((r) => toGraphNode(r));
      edges = (await run(EDGES_AMONG, { ...params, names: cands.map((n) => n.name) }, false)).map(toEdgeRecord);
      const from = q.from ?? -Infinity;
      const to = q.to ?? Infinity;
      seen = cands.filter((n) => n.lastSeen >= from && n.lastSeen < to);
    }
    // A node belongs to the range when it was seen in it or is an end of an edge with windows in it.
    const nodes = new Map(seen.map((n) => [n.name, n]));
    for (const e of edges) {
      if (!nodes.has(e.caller.name)) nodes.set(e.caller.name, e.caller);
      if (!nodes.has(e.callee.name)) nodes.set(e.callee.name, e.callee);
    }
    return { nodes: [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)), edges: edges.map((e) => e.edge) };
  }

  return {
    upsertEdges: (edges: readonly EdgeWindow[]) => writeBatches('neo4j_edges', UPSERT_EDGES, pairRows(edges)),
    upsertNodes: (nodes: readonly GraphNode[]) => writeBatches('neo4j_nodes', UPSERT_NODES, nodeRows(nodes)),
    upsertOperations: (ops: readonly OperationSighting[]) =>
      writeBatches('neo4j_operations', UPSERT_OPERATIONS, ops.map((o) => ({ service: o.service, name: o.name, lastSeen: int(o.lastSeen) }))),

    async getGraph(q: GraphQuery): Promise<ServiceGraph> {
      const graph = await aggregate(q);
      // The candidate set is a superset (see `candidates`); the exact neighbourhood is taken over the
      // aggregated edges, with the same semantics as the SQL store. Unknown centre: empty graph.
      return q.service === undefined ? graph : neighbourhood(graph, q.service, q.depth);
    },

    async queryEdgeWindows(from: number, to: number, resolution: Resolution = '1m'): Promise<EdgeWindow[]> {
      return (await run(EDGE_WINDOWS, { from: lowerBound(from), to: upperBound(to), resolution }, false)).map(toEdgeWindow);
    },

    // Aggregated in memory from the windows: Cypher could, but the rows are few at one resolution and the
    // summary must equal the SQL store's to the bit (the shared contract suite checks both).
    async queryInbound(from: number, to: number) {
      return summarizeInbound((await run(EDGE_WINDOWS, { from: lowerBound(from), to: upperBound(to), resolution: '1m' }, false)).map(toEdgeWindow), from, to);
    },

    ...createNeo4jGraphQueries(run),

    async ensureSchema() {
      for (const s of SCHEMA_STATEMENTS) await run(s, {}, true);
      await run(AWAIT_INDEXES, {}, true);
    },

    async close() {
      if (owned) await driver.close();
    },
  };
}

function isDriver(x: Driver | Neo4jConnection): x is Driver {
  return typeof (x as Driver).executeQuery === 'function';
}

/** Connection failures are STORE.UNAVAILABLE (transient for callers); anything else passes through. */
function storeError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new AiopsError('STORE.UNAVAILABLE', `neo4j unavailable: ${(e as Error).message}`, { cause: e, meta: { store: 'neo4j' } });
  }
  return e;
}
