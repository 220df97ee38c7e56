/**
 * The Neo4j GraphStore against a real Neo4j (scripts/start-neo4j.sh). It runs the same graph contract as
 * the SQL stores, then the Neo4j model and the dependency queries of issue 4.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceGraph } from '../../src/core/index.js';
import type { Stores } from '../../src/stores/open-stores.js';
import { createNeo4jGraphStore, type Neo4jGraphStore } from '../../src/stores/neo4j/neo4j-graph-store.js';
import { graphContract } from './contract-graph.js';
import { DAY0, edgeWindow, MIN } from './fixtures.js';

const uri = process.env.NEO4J_URI;
const suite = uri ? describe : describe.skip;
const title = uri ? `Neo4j GraphStore (${uri})` : 'Neo4j suite skipped: NEO4J_URI is not set (scripts/start-neo4j.sh starts one)';

const names = (g: ServiceGraph) => g.nodes.map((n) => n.name).sort();
const pairs = (g: ServiceGraph) => g.edges.map((e) => `${e.from}>${e.to}`).sort();

suite(title, () => {
  let driver: Driver;
  let store: Neo4jGraphStore;
  const count = async (cypher: string) => (await driver.executeQuery(cypher)).records[0].get(0).toNumber() as number;

  beforeAll(async () => {
    const user = process.env.NEO4J_USER;
    driver = neo4j.driver(uri as string, user ? neo4j.auth.basic(user, process.env.NEO4J_PASSWORD ?? '') : undefined);
    // Each test empties the graph: refuse a database that holds data and is not a test server's.
    const marked = await count('MATCH (m:TestServerMarker) RETURN count(m)');
    const nodes = await count('MATCH (n) RETURN count(n)');
    if (marked === 0 && nodes > 0) throw new Error(`NEO4J_URI=${uri} holds ${nodes} nodes and no TestServerMarker; refusing to empty it`);
    store = createNeo4jGraphStore(driver, { batchSize: 3 });
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store?.close();
    await driver?.close();
  });
  beforeEach(async () => {
    await driver.executeQuery('MATCH (n) WHERE n:GraphNode OR n:EdgeWindow OR n:Operation DETACH DELETE n');
  });

  // The contract reads only `.graph`; the other members of Stores belong to the SQL engines.
  graphContract(() => ({ graph: store }) as unknown as Stores);

  describe('model', () => {
    it('labels nodes by kind, keeps one relationship per pair and replaces windows on replay', async () => {
      const batch = [
        edgeWindow({ caller: 'api', callee: 'orders', windowStart: DAY0 }),
        edgeWindow({ caller: 'api', callee: 'orders', windowStart: DAY0 + MIN }),
        edgeWindow({ caller: 'api', callee: 'orders', windowStart: DAY0, resolution: '5m' }),
        edgeWindow({ caller: 'orders', callee: 'orders-db', calleeKind: 'database' }),
        edgeWindow({ caller: 'orders', callee: 'stripe', calleeKind: 'external' }),
      ];
      await store.upsertEdges(batch);
      await store.upsertEdges(batch);
      const labels = await driver.executeQuery('MATCH (n:GraphNode) RETURN n.name AS name, [l IN labels(n) WHERE l <> "GraphNode"] AS kind ORDER BY name');
      expect(labels.records.map((r) => `${r.get('name')}:${r.get('kind').join()}`)).toEqual(['api:Service', 'orders:Service', 'orders-db:Database', 'stripe:ExternalService']);
      expect(await count('MATCH ()-[r:CALLS]->() RETURN count(r)')).toBe(1);
      expect(await count('MATCH ()-[r:ACCESSES]->() RETURN count(r)')).toBe(2);
      expect(await count('MATCH (w:EdgeWindow) RETURN count(w)')).toBe(5);

      await store.upsertEdges([edgeWindow({ caller: 'api', callee: 'orders', windowStart: DAY0, calls: 7, errors: 0 })]);
      const g = await store.getGraph({ from: DAY0, to: DAY0 + 2 * MIN });
      expect(g.edges.find((e) => e.from === 'api')).toMatchObject({ calls: 17, errors: 1 });
      expect(await count('MATCH (w:EdgeWindow) RETURN count(w)')).toBe(5);
    });

    it('stores windows as integers so the key matches whatever number type a replay carries', async () => {
      await store.upsertEdges([edgeWindow({ windowStart: DAY0 + 0.4 })]);
      await store.upsertEdges([edgeWindow({ windowStart: DAY0 })]);
      const r = await driver.executeQuery('MATCH (w:EdgeWindow) RETURN w.windowStart AS ws, w.calls AS calls');
      expect(r.records).toHaveLength(1);
      expect(neo4j.isInt(r.records[0].get('ws'))).toBe(true);
      expect(neo4j.isInt(r.records[0].get('calls'))).toBe(true);
    });

    it('retypes relationships when a node changes kind and keeps their stats', async () => {
      await store.upsertEdges([edgeWindow({ caller: 'api', callee: 'cache', calleeKind: 'external', calls: 12 })]);
      expect(await count('MATCH (:Service)-[r:ACCESSES]->(:ExternalService {name: "cache"}) RETURN count(r)')).toBe(1);
      await store.upsertNodes([{ name: 'cache', kind: 'service', lastSeen: DAY0 + MIN }]);
      expect(await count('MATCH ()-[r:ACCESSES]->() RETURN count(r)')).toBe(0);
      expect(await count('MATCH (:Service)-[r:CALLS]->(:Service {name: "cache"}) RETURN count(r)')).toBe(1);
      const g = await store.getGraph({});
      expect(g.edges).toEqual([{ from: 'api', to: 'cache', calls: 12, errors: 1, p99Ms: 20 }]);
      expect(g.nodes.find((n) => n.name === 'cache')?.kind).toBe('service');
    });

    it('links operations to their service, idempotently', async () => {
      const ops = [
        { service: 'orders', name: 'POST /orders', lastSeen: DAY0 },
        { service: 'orders', name: 'GET /orders/{id}', lastSeen: DAY0 },
      ];
      await store.upsertOperations(ops);
      await store.upsertOperations(ops);
      expect(await count('MATCH (:Service {name: "orders"})-[r:HAS_OPERATION]->(:Operation {service: "orders"}) RETURN count(r)')).toBe(2);
      expect(await count('MATCH (o:Operation) RETURN count(o)')).toBe(2);
    });

    it('creates its schema idempotently', async () => {
      await store.ensureSchema();
      const r = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
      expect(r.records[0].get('names')).toEqual(expect.arrayContaining(['graph_node_name', 'service_name_unique', 'edge_window_key', 'operation_key']));
    });
  });

  describe('range and depth', () => {
    it('uses a coarser resolution where the finer one has no window in the range, with null p99s', async () => {
      await store.upsertEdges([
        edgeWindow({ resolution: '1m', windowStart: DAY0, calls: 3 }),
        edgeWindow({ resolution: '5m', windowStart: DAY0 + 60 * MIN, calls: 40, errors: 4, p99Ms: null }),
      ]);
      const late = await store.getGraph({ from: DAY0 + 30 * MIN, to: DAY0 + 120 * MIN });
      expect(late.edges).toEqual([{ from: 'frontend', to: 'checkout', calls: 40, errors: 4, p99Ms: null }]);
      const none = await store.getGraph({ from: DAY0 + 120 * MIN, to: DAY0 + 180 * MIN });
      expect(none).toEqual({ nodes: [], edges: [] });
    });

    it('bounds a chain by depth and walks a cycle once', async () => {
      await store.upsertEdges(['a>b', 'b>c', 'c>d', 'd>e', 'e>c'].map((p) => edgeWindow({ caller: p[0], callee: p[2] })));
      expect(names(await store.getGraph({ service: 'b', depth: 1 }))).toEqual(['a', 'b', 'c']);
      expect(names(await store.getGraph({ service: 'b', depth: 2 }))).toEqual(['a', 'b', 'c', 'd']);
      const all = await store.getGraph({ service: 'd' });
      expect(names(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(pairs(all)).toEqual(['a>b', 'b>c', 'c>d', 'd>e', 'e>c']);
    });

    it('does not traverse edges without windows in the range', async () => {
      await store.upsertEdges([
        edgeWindow({ caller: 'a', callee: 'b', windowStart: DAY0 }),
        edgeWindow({ caller: 'a', callee: 'b', windowStart: DAY0 + 10 * MIN }),
        // b→c was seen before and after the range: its seen span covers the range, its windows do not.
        edgeWindow({ caller: 'b', callee: 'c', windowStart: DAY0 - 10 * MIN }),
        edgeWindow({ caller: 'b', callee: 'c', windowStart: DAY0 + 20 * MIN }),
      ]);
      const g = await store.getGraph({ service: 'a', depth: 5, from: DAY0 + 5 * MIN, to: DAY0 + 15 * MIN });
      expect(pairs(g)).toEqual(['a>b']);
      expect(names(g)).toEqual(['a', 'b']);
    });
  });

  describe('dependency queries', () => {
    // web → api → orders → orders-db; api → users → users-db; orders → pay → stripe; pay → orders (cycle);
    // batch → orders; reports → users-db.
    beforeEach(async () => {
      const kinds: Record<string, 'database' | 'external'> = { 'orders-db': 'database', 'users-db': 'database', stripe: 'external' };
      const topo = ['web>api', 'api>orders', 'orders>orders-db', 'api>users', 'users>users-db', 'orders>pay', 'pay>stripe', 'pay>orders', 'batch>orders', 'reports>users-db'];
      await store.upsertEdges(
        topo.map((p) => {
          const [caller, callee] = p.split('>');
          return edgeWindow({ caller, callee, calleeKind: kinds[callee] ?? 'service', windowStart: caller === 'batch' ? DAY0 - 60 * MIN : DAY0 });
        }),
      );
    });

    it('lists upstream and downstream nodes with their shortest distance', async () => {
      const up = await store.upstream('orders', 1);
      expect(up.map((n) => `${n.name}@${n.distance}`)).toEqual(['api@1', 'batch@1', 'pay@1']);
      const down = await store.downstream('api', 2);
      expect(down.map((n) => `${n.name}:${n.kind}@${n.distance}`)).toEqual(['orders:service@1', 'users:service@1', 'orders-db:database@2', 'pay:service@2', 'users-db:database@2']);
      expect((await store.downstream('api')).map((n) => n.name)).toContain('stripe');
      expect(await store.upstream('orders', 0)).toEqual([]);
    });

    it('follows only recently seen relationships when asked', async () => {
      const live = await store.upstream('orders', 1, { since: DAY0 - MIN });
      expect(live.map((n) => n.name)).toEqual(['api', 'pay']);
    });

    it('computes the blast radius of a database through every transitive caller', async () => {
      const hit = await store.blastRadius('orders-db');
      expect(hit.map((n) => `${n.name}@${n.distance}`)).toEqual(['orders@1', 'api@2', 'batch@2', 'pay@2', 'web@3']);
      expect((await store.blastRadius('users-db')).map((n) => n.name).sort()).toEqual(['api', 'reports', 'users', 'web']);
    });

    it('finds call paths without repeating a node, shortest first', async () => {
      expect(await store.paths('web', 'stripe', 6)).toEqual([['web', 'api', 'orders', 'pay', 'stripe']]);
      expect(await store.paths('web', 'stripe', 3)).toEqual([]);
      expect(await store.paths('pay', 'orders-db', 5)).toEqual([['pay', 'orders', 'orders-db']]);
      expect(await store.paths('web', 'orders-db', 5, { limit: 1 })).toEqual([['web', 'api', 'orders', 'orders-db']]);
    });

    it('reports edges that appeared or vanished between two windows', async () => {
      await store.upsertEdges([
        edgeWindow({ caller: 'web', callee: 'api', windowStart: DAY0 + 10 * MIN }),
        edgeWindow({ caller: 'web', callee: 'search', windowStart: DAY0 + 10 * MIN, resolution: '5m' }),
      ]);
      const diff = await store.changedEdges({ from: DAY0, to: DAY0 + 5 * MIN }, { from: DAY0 + 5 * MIN, to: DAY0 + 15 * MIN });
      expect(diff.appeared).toEqual([{ from: 'web', to: 'search', calleeKind: 'service' }]);
      expect(diff.vanished.map((e) => `${e.from}>${e.to}`)).toEqual(['api>orders', 'api>users', 'orders>orders-db', 'orders>pay', 'pay>orders', 'pay>stripe', 'reports>users-db', 'users>users-db']);
    });

    it('answers unknown services with empty results', async () => {
      expect(await store.upstream('ghost', 3)).toEqual([]);
      expect(await store.blastRadius('ghost')).toEqual([]);
      expect(await store.paths('ghost', 'api', 3)).toEqual([]);
      expect(await store.getGraph({ service: 'ghost' })).toEqual({ nodes: [], edges: [] });
    });
  });
});
