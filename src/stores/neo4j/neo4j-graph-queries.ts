/**
 * Dependency questions of issue 4 that only a graph database answers in one query: who is upstream or
 * downstream of a service, what a failure would reach, how two nodes connect, and which edges appeared or
 * vanished between two windows. Unknown names give empty answers, never errors.
 */
import type { NodeKind } from '../../core/index.js';
import { RESOLUTIONS } from './neo4j-rows.js';
import { hopBound, int, lowerBound, toKind, toNumber, upperBound } from './neo4j-values.js';

type Rec = { get(key: string): unknown };
export type CypherRunner = (query: string, params: Record<string, unknown>, write: boolean) => Promise<Rec[]>;

/** A node reached from the start, at its shortest distance in hops. */
export interface ReachedNode {
  name: string;
  kind: NodeKind;
  distance: number;
}

export interface TraversalOptions {
  /** Follow only relationships seen at or after this epoch ms (the live topology); default: all. */
  since?: number;
}

/** [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

export interface EdgeChange {
  from: string;
  to: string;
  calleeKind: NodeKind;
}

export interface Neo4jGraphQueries {
  /** Nodes that call `service` within `hops` hops (callers, callers of callers…), nearest first. */
  upstream(service: string, hops?: number, opts?: TraversalOptions): Promise<ReachedNode[]>;
  /** Nodes `service` depends on within `hops` hops, databases and external systems included. */
  downstream(service: string, hops?: number, opts?: TraversalOptions): Promise<ReachedNode[]>;
  /** Everything that transitively calls `service`: who is hurt when it fails. */
  blastRadius(service: string, opts?: TraversalOptions): Promise<ReachedNode[]>;
  /** Call paths `from` → `to` without repeated nodes, shortest first, as node names. */
  paths(from: string, to: string, maxHops: number, opts?: TraversalOptions & { limit?: number }): Promise<string[][]>;
  /** Edges with windows in `b` but none in `a` (appeared) and the reverse (vanished), any resolution. */
  changedEdges(a: TimeRange, b: TimeRange): Promise<{ appeared: EdgeChange[]; vanished: EdgeChange[] }>;
}

const REL = 'e:CALLS|ACCESSES WHERE e.lastSeen >= $since';

/**
 * ANY SHORTEST keeps one shortest path per reached node: one BFS from the start (StatefulShortestPath
 * "expanding from c"), no path enumeration. The end stays unlabelled and the `x <> c` filter comes after
 * the match, otherwise the planner pairs every node with the start and searches once per pair.
 */
const reach = (dir: 'up' | 'down', hops: string) => `
MATCH p = ANY SHORTEST (c:GraphNode {name: $service})${dir === 'up' ? `<-[${REL}]-` : `-[${REL}]->`}{1,${hops}}(x)
WITH c, x, p WHERE x <> c
RETURN x.name AS name, x.kind AS kind, length(p) AS distance
ORDER BY distance, name`;

/** Quantified relationships match each relationship once per path; the WHERE also forbids repeated nodes. */
const PATHS = (hops: string) => `
MATCH p = (a:GraphNode {name: $from})-[${REL}]->{1,${hops}}(b:GraphNode {name: $to})
WHERE all(i IN range(0, length(p) - 1) WHERE none(j IN range(i + 1, length(p)) WHERE nodes(p)[i] = nodes(p)[j]))
WITH [n IN nodes(p) | n.name] AS names
RETURN names ORDER BY size(names), names LIMIT $limit`;

const inRange = (x: 'A' | 'B') => `EXISTS {
    MATCH (w:EdgeWindow {caller: a.name, callee: b.name})
    WHERE w.resolution IN $resolutions AND w.windowStart >= $from${x} AND w.windowStart < $to${x} }`;

const CHANGED = `
MATCH (a:GraphNode)-[e:CALLS|ACCESSES]->(b:GraphNode)
WHERE e.lastSeen >= $lo AND e.firstSeen < $hi
WITH a, b, ${inRange('A')} AS inA, ${inRange('B')} AS inB
WHERE inA <> inB
RETURN a.name AS caller, b.name AS callee, b.kind AS kind, inB AS appeared
ORDER BY caller, callee`;

export function createNeo4jGraphQueries(run: CypherRunner): Neo4jGraphQueries {
  async function walk(dir: 'up' | 'down', service: string, hops: number | undefined, opts: TraversalOptions = {}): Promise<ReachedNode[]> {
    if (hops !== undefined && hops < 1) return [];
    const rows = await run(reach(dir, hopBound(hops)), { service, since: lowerBound(opts.since) }, false);
    return rows.map((r) => ({ name: String(r.get('name')), kind: toKind(r.get('kind')), distance: toNumber(r.get('distance')) }));
  }

  return {
    upstream: (service, hops, opts) => walk('up', service, hops, opts),
    downstream: (service, hops, opts) => walk('down', service, hops, opts),
    blastRadius: (service, opts) => walk('up', service, undefined, opts),

    async paths(from, to, maxHops, opts = {}) {
      if (!(maxHops >= 1)) return [];
      const params = { from, to, since: lowerBound(opts.since), limit: int(opts.limit ?? 100) };
      const rows = await run(PATHS(hopBound(maxHops)), params, false);
      return rows.map((r) => (r.get('names') as unknown[]).map(String));
    },

    async changedEdges(a, b) {
      const params = {
        fromA: lowerBound(a.from),
        toA: upperBound(a.to),
        fromB: lowerBound(b.from),
        toB: upperBound(b.to),
        lo: lowerBound(Math.min(a.from, b.from)),
        hi: upperBound(Math.max(a.to, b.to)),
        resolutions: RESOLUTIONS,
      };
      const rows = await run(CHANGED, params, false);
      const out = { appeared: [] as EdgeChange[], vanished: [] as EdgeChange[] };
      for (const r of rows) {
        const change = { from: String(r.get('caller')), to: String(r.get('callee')), calleeKind: toKind(r.get('kind')) };
        (r.get('appeared') === true ? out.appeared : out.vanished).push(change);
      }
      return out;
    },
  };
}
