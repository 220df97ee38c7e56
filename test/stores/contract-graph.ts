import { describe, expect, it } from 'vitest';
import { summarizeInbound, type ServiceGraph } from '../../src/core/index.js';
import { DAY0, edgeWindow, MIN } from './fixtures.js';
import type { GetStores } from './store-contract.js';

const names = (g: ServiceGraph) => g.nodes.map((n) => n.name).sort();
const pairs = (g: ServiceGraph) => g.edges.map((e) => `${e.from}>${e.to}`).sort();

/**
 * frontend → checkout → payments → bank (external); checkout → orders-db (database);
 * mobile → checkout; payments → checkout (a cycle); search is disconnected.
 */
async function seedTopology(get: GetStores) {
  await get().graph.upsertEdges([
    edgeWindow({ caller: 'frontend', callee: 'checkout' }),
    edgeWindow({ caller: 'mobile', callee: 'checkout' }),
    edgeWindow({ caller: 'checkout', callee: 'payments' }),
    edgeWindow({ caller: 'checkout', callee: 'orders-db', calleeKind: 'database' }),
    edgeWindow({ caller: 'payments', callee: 'bank', calleeKind: 'external' }),
    edgeWindow({ caller: 'payments', callee: 'checkout' }),
    edgeWindow({ caller: 'search', callee: 'search-db', calleeKind: 'database' }),
  ]);
}

export function graphContract(get: GetStores): void {
  describe('GraphStore', () => {
    it('returns the whole graph without a service, with kinds from edges and stored nodes', async () => {
      await seedTopology(get);
      await get().graph.upsertNodes([{ name: 'frontend', kind: 'service', lastSeen: DAY0 + 5 * MIN }]);
      const g = await get().graph.getGraph({});
      expect(names(g)).toEqual(['bank', 'checkout', 'frontend', 'mobile', 'orders-db', 'payments', 'search', 'search-db']);
      expect(g.edges).toHaveLength(7);
      const kind = Object.fromEntries(g.nodes.map((n) => [n.name, n.kind]));
      expect(kind).toMatchObject({ bank: 'external', 'orders-db': 'database', checkout: 'service' });
      expect(g.nodes.find((n) => n.name === 'frontend')?.lastSeen).toBe(DAY0 + 5 * MIN);
    });

    it('walks upstream and downstream to the requested depth, not into siblings', async () => {
      await seedTopology(get);
      const one = await get().graph.getGraph({ service: 'payments', depth: 1 });
      expect(names(one)).toEqual(['bank', 'checkout', 'payments']);
      expect(pairs(one)).toEqual(['checkout>payments', 'payments>bank', 'payments>checkout']);
      const zero = await get().graph.getGraph({ service: 'orders-db', depth: 0 });
      expect(names(zero)).toEqual(['orders-db']);
      const up = await get().graph.getGraph({ service: 'orders-db', depth: 1 });
      expect(names(up)).toEqual(['checkout', 'orders-db']);
    });

    it('terminates on cycles and stays inside the connected part', async () => {
      await seedTopology(get);
      const g = await get().graph.getGraph({ service: 'checkout', depth: 50 });
      expect(names(g)).toEqual(['bank', 'checkout', 'frontend', 'mobile', 'orders-db', 'payments']);
      expect(await get().graph.getGraph({ service: 'no-such-service', depth: 2 })).toEqual({ nodes: [], edges: [] });
    });

    it('sums calls over the time range, takes the max p99 and counts rollups once', async () => {
      await get().graph.upsertEdges([
        edgeWindow({ windowStart: DAY0, calls: 10, errors: 1, p99Ms: 20 }),
        edgeWindow({ windowStart: DAY0 + MIN, calls: 30, errors: 2, p99Ms: 80 }),
        edgeWindow({ windowStart: DAY0 + 2 * MIN, calls: 50, errors: 0, p99Ms: 10 }),
        edgeWindow({ windowStart: DAY0, resolution: '5m', calls: 999, errors: 99, p99Ms: 999 }),
        edgeWindow({ caller: 'old', callee: 'checkout', windowStart: DAY0 - 60 * MIN }),
      ]);
      const g = await get().graph.getGraph({ from: DAY0, to: DAY0 + 2 * MIN });
      expect(g.edges).toEqual([{ from: 'frontend', to: 'checkout', calls: 40, errors: 3, p99Ms: 80 }]);
      expect(names(g)).toEqual(['checkout', 'frontend']);
      const all = await get().graph.getGraph({});
      expect(all.edges.find((e) => e.from === 'frontend')?.calls).toBe(90);
    });

    it('upserts edges idempotently and keeps node lastSeen monotonic', async () => {
      const e = [edgeWindow(), edgeWindow({ windowStart: DAY0 + MIN })];
      await get().graph.upsertEdges(e);
      await get().graph.upsertEdges(e);
      expect((await get().graph.getGraph({})).edges[0]?.calls).toBe(20);
      await get().graph.upsertNodes([{ name: 'checkout', kind: 'service', lastSeen: DAY0 + 10 * MIN }]);
      await get().graph.upsertNodes([{ name: 'checkout', kind: 'service', lastSeen: DAY0 }]);
      expect((await get().graph.getGraph({ service: 'checkout', depth: 0 })).nodes).toEqual([{ name: 'checkout', kind: 'service', lastSeen: DAY0 + 10 * MIN }]);
    });

    it('lists the raw windows of one resolution in [from, to), ordered by window, caller and callee', async () => {
      const sketch = new Uint8Array([1, 2, 3, 250]);
      await get().graph.upsertEdges([
        edgeWindow({ caller: 'checkout', callee: 'orders-db', calleeKind: 'database', windowStart: DAY0 + MIN, calls: 7, errors: 0, p50Ms: 1.5, p99Ms: null }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0 + MIN, calls: 30, errors: 2, p50Ms: 4.25, p99Ms: 80, sketch }),
        edgeWindow({ caller: 'checkout', callee: 'bank', calleeKind: 'external', windowStart: DAY0, calls: 3, p50Ms: null }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0 - MIN }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0 + 2 * MIN }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0, resolution: '5m', calls: 999 }),
      ]);
      const rows = await get().graph.queryEdgeWindows(DAY0, DAY0 + 2 * MIN);
      expect(rows.map((r) => `${r.windowStart - DAY0}:${r.caller}>${r.callee}:${r.calleeKind}`)).toEqual([
        '0:checkout>bank:external',
        `${MIN}:checkout>orders-db:database`,
        `${MIN}:frontend>checkout:service`,
      ]);
      expect(rows[1]).toMatchObject({ resolution: '1m', calls: 7, errors: 0, p50Ms: 1.5, p99Ms: null, sketch: null });
      expect(rows[2]).toMatchObject({ calls: 30, errors: 2, p50Ms: 4.25, p99Ms: 80 });
      expect(rows[2].sketch).toEqual(sketch);
      expect(rows[0].p50Ms).toBeNull();
      const coarse = await get().graph.queryEdgeWindows(DAY0, DAY0 + 2 * MIN, '5m');
      expect(coarse.map((r) => r.calls)).toEqual([999]);
      expect(await get().graph.queryEdgeWindows(DAY0 + 10 * MIN, DAY0 + 20 * MIN)).toEqual([]);
    });

    it('sums 1m calls into each node per window over its callers, and per edge over the range, as the in-memory summary does', async () => {
      const rows = [
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0, calls: 30, errors: 3, p50Ms: 10, p99Ms: 80 }),
        edgeWindow({ caller: 'mobile', callee: 'checkout', windowStart: DAY0, calls: 10, errors: 1, p50Ms: 30, p99Ms: 200 }),
        edgeWindow({ caller: 'mobile', callee: 'checkout', windowStart: DAY0 + MIN, calls: 5, errors: 0, p50Ms: null, p99Ms: null }),
        edgeWindow({ caller: 'checkout', callee: 'orders-db', calleeKind: 'database', windowStart: DAY0 + MIN, calls: 7, errors: 0, p50Ms: 2, p99Ms: 9 }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0, resolution: '5m', calls: 999 }),
        edgeWindow({ caller: 'frontend', callee: 'checkout', windowStart: DAY0 + 5 * MIN, calls: 1 }),
      ];
      await get().graph.upsertEdges(rows);
      const got = await get().graph.queryInbound(DAY0, DAY0 + 2 * MIN);
      expect(got.windows.map((w) => [w.windowStart - DAY0, w.caller, w.callee, w.calleeKind, w.calls, w.errors, w.p50Ms, w.p99Ms])).toEqual([
        [0, '*', 'checkout', 'service', 40, 4, 15, 200],
        [MIN, '*', 'checkout', 'service', 5, 0, null, null],
        [MIN, '*', 'orders-db', 'database', 7, 0, 2, 9],
      ]);
      expect(got.edges).toEqual([
        { caller: 'checkout', callee: 'orders-db', calleeKind: 'database', calls: 7 },
        { caller: 'frontend', callee: 'checkout', calleeKind: 'service', calls: 30 },
        { caller: 'mobile', callee: 'checkout', calleeKind: 'service', calls: 15 },
      ]);
      const inMemory = summarizeInbound(rows, DAY0, DAY0 + 2 * MIN);
      expect(inMemory.edges).toEqual(got.edges);
      expect(inMemory.windows.map((w) => ({ ...w, sketch: null }))).toEqual(got.windows.map((w) => ({ ...w, sketch: null })));
    });
  });
}
