/** Cypher text of the graph store. Writes are `UNWIND $rows AS r MERGE …`: one round trip per batch. */

const later = (a: string, b: string) => `CASE WHEN ${a} >= ${b} THEN ${a} ELSE ${b} END`;
const earlier = (a: string, b: string) => `CASE WHEN ${a} <= ${b} THEN ${a} ELSE ${b} END`;

/**
 * Rows are pairs (caller, callee) with their windows already grouped, so each node and relationship is
 * merged once per batch. A callee keeps the kind it already has (an explicit upsertNodes decides it); the
 * relationship type follows that kind, so a pair has exactly one relationship. Windows are keyed by
 * (caller, callee, resolution, windowStart): a replay overwrites, never adds.
 */
export const UPSERT_EDGES = `
UNWIND $rows AS r
MERGE (a:GraphNode {name: r.caller})
  ON CREATE SET a:Service, a.kind = 'service', a.lastSeen = r.last
MERGE (b:GraphNode {name: r.callee})
  ON CREATE SET b:$(r.label), b.kind = r.kind, b.lastSeen = r.last
SET a.lastSeen = ${later('a.lastSeen', 'r.last')}, b.lastSeen = ${later('b.lastSeen', 'r.last')}
WITH a, b, r, CASE b.kind WHEN 'service' THEN 'CALLS' ELSE 'ACCESSES' END AS type
MERGE (a)-[e:$(type)]->(b)
  ON CREATE SET e.firstSeen = r.first, e.lastSeen = r.last
SET e.firstSeen = ${earlier('e.firstSeen', 'r.first')}, e.lastSeen = ${later('e.lastSeen', 'r.last')}
WITH r
UNWIND r.windows AS x
MERGE (w:EdgeWindow {caller: r.caller, callee: r.callee, resolution: x.resolution, windowStart: x.windowStart})
SET w.calls = x.calls, w.errors = x.errors, w.p50Ms = x.p50Ms, w.p99Ms = x.p99Ms, w.sketch = x.sketch`;

/**
 * lastSeen only moves forward. A changed kind moves the node to the new kind label and retypes the
 * relationships into it (CALLS ↔ ACCESSES), carrying their properties over.
 */
export const UPSERT_NODES = `
UNWIND $rows AS r
MERGE (n:GraphNode {name: r.name})
  ON CREATE SET n:$(r.label), n.kind = r.kind, n.lastSeen = r.lastSeen
SET n.lastSeen = ${later('n.lastSeen', 'r.lastSeen')}
WITH n, r WHERE n.kind <> r.kind
REMOVE n:Service:Database:ExternalService
SET n:$(r.label), n.kind = r.kind
WITH n, r
CALL (n, r) {
  MATCH (x)-[old:CALLS|ACCESSES]->(n) WHERE type(old) <> r.type
  CREATE (x)-[fresh:$(r.type)]->(n)
  SET fresh = properties(old)
  DELETE old
}`;

export const UPSERT_OPERATIONS = `
UNWIND $rows AS r
MERGE (s:GraphNode {name: r.service})
  ON CREATE SET s:Service, s.kind = 'service', s.lastSeen = r.lastSeen
SET s.lastSeen = ${later('s.lastSeen', 'r.lastSeen')}
MERGE (o:Operation {service: r.service, name: r.name})
  ON CREATE SET o.lastSeen = r.lastSeen
SET o.lastSeen = ${later('o.lastSeen', 'r.lastSeen')}
MERGE (s)-[:HAS_OPERATION]->(o)`;

/** Coarse filter on the relationship's seen span: skips pairs with no window anywhere near [from, to). */
export const ACTIVE = (e: string) => `${e}.lastSeen >= $from AND ${e}.firstSeen < $to`;

/**
 * Per pair: calls and errors summed over [from, to) at the finest resolution present there, so rollups are
 * never counted twice; p99 is the max of the window p99s (an upper bound of the range p99 that needs no
 * sketch merge). Each resolution is a seek on the edge_window_key index. No window in range: no row.
 */
const EDGE_STATS = `
CALL (a, b) {
  MATCH (w:EdgeWindow {caller: a.name, callee: b.name})
  WHERE w.resolution IN $resolutions AND w.windowStart >= $from AND w.windowStart < $to
  WITH w.resolution AS res, sum(w.calls) AS calls, sum(w.errors) AS errors, max(w.p99Ms) AS p99, max(w.windowStart) AS last
  RETURN calls, errors, p99, last ORDER BY $rank[res] LIMIT 1
}`;

const EDGE_RETURN = `
RETURN a.name AS caller, a.kind AS callerKind, a.lastSeen AS callerLastSeen,
       b.name AS callee, b.kind AS calleeKind, b.lastSeen AS calleeLastSeen, calls, errors, p99, last
ORDER BY caller, callee`;

export const ALL_EDGES = `
MATCH (a:GraphNode)-[e:CALLS|ACCESSES]->(b:GraphNode)
WHERE ${ACTIVE('e')}
${EDGE_STATS}
${EDGE_RETURN}`;

/** Edges whose both ends are in $names. */
export const EDGES_AMONG = `
UNWIND $names AS name
MATCH (a:GraphNode {name: name})-[e:CALLS|ACCESSES]->(b:GraphNode)
WHERE b.name IN $names AND ${ACTIVE('e')}
${EDGE_STATS}
${EDGE_RETURN}`;

export const NODES_SEEN = `
MATCH (n:GraphNode) WHERE n.lastSeen >= $from AND n.lastSeen < $to
RETURN n.name AS name, n.kind AS kind, n.lastSeen AS lastSeen`;

/**
 * Candidate neighbourhood: the centre and every node reachable downstream or upstream within `hops`
 * along relationships whose seen span touches the range. A superset of the exact answer (a relationship may
 * have no window inside the range itself); the store narrows it after aggregating. Variable-length
 * expansion with DISTINCT end nodes is planned as a pruning/BFS expand: each node once, cycles included.
 */
export const candidates = (hops: string) => `
MATCH (c:GraphNode {name: $service})
CALL (c) {
  MATCH (c)-[es:CALLS|ACCESSES*0..${hops}]->(x) WHERE all(e IN es WHERE ${ACTIVE('e')}) RETURN DISTINCT x
  UNION
  MATCH (c)<-[es:CALLS|ACCESSES*0..${hops}]-(x) WHERE all(e IN es WHERE ${ACTIVE('e')}) RETURN DISTINCT x
}
RETURN x.name AS name, x.kind AS kind, x.lastSeen AS lastSeen`;

/**
 * Raw windows of one resolution in [from, to): a range seek on edge_window_time. A window does not carry its
 * callee's kind; the callee node does (the kind it has now, after any retyping by upsertNodes).
 */
export const EDGE_WINDOWS = `
MATCH (w:EdgeWindow) WHERE w.windowStart >= $from AND w.windowStart < $to AND w.resolution = $resolution
OPTIONAL MATCH (b:GraphNode {name: w.callee})
RETURN w.caller AS caller, w.callee AS callee, b.kind AS calleeKind, w.resolution AS resolution, w.windowStart AS windowStart,
       w.calls AS calls, w.errors AS errors, w.p50Ms AS p50Ms, w.p99Ms AS p99Ms, w.sketch AS sketch
ORDER BY windowStart, caller, callee`;
