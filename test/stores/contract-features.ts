import { describe, expect, it } from 'vitest';
import type { FeatureWindow } from '../../src/core/index.js';
import { createMetrics } from '../../src/obs/metrics.js';
import { createSqlFeatureStore } from '../../src/stores/sql-feature-store.js';
import { DAY, DAY0, featureRow, MIN, series } from './fixtures.js';
import type { GetStores } from './store-contract.js';

/** Every stored row with its tuple version (xmin): equal snapshots mean nothing was rewritten. */
async function snapshot(get: GetStores) {
  const res = await get().client.query<{ t: string; v: string }>(
    `SELECT row_to_json(f)::text AS t, xmin::text AS v FROM feature_windows f ORDER BY service, operation, resolution, window_start`,
  );
  return res.rows;
}

export function featureContract(get: GetStores): void {
  describe('FeatureStore', () => {
    it('round-trips every field, sketch bytes and nulls included', async () => {
      const full = featureRow({ operation: 'POST /pay' });
      const sparse = featureRow({ windowStart: DAY0 + MIN, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, sketch: null, cpu: null, memory: null, gcMs: null, poolUse: null, selfTimeMs: null });
      await get().features.upsertWindows([full, sparse]);
      expect(await get().features.queryWindows({ service: 'checkout', operation: 'POST /pay', from: DAY0, to: DAY0 + MIN })).toEqual([full]);
      const [back] = await get().features.queryWindows({ service: 'checkout', from: DAY0, to: DAY0 + 2 * MIN });
      expect(back).toEqual(sparse);
      expect(back!.sketch).toBeNull();
    });

    it('replaying the same rows leaves the table identical, without rewriting tuples', async () => {
      const rows = [...series(30), ...series(30, { service: 'payments', windowStart: DAY0 + DAY - 10 * MIN }), ...series(5, { resolution: '5m' }, 5 * MIN)];
      await get().features.upsertWindows(rows);
      const first = await snapshot(get);
      expect(first).toHaveLength(rows.length);
      await get().features.upsertWindows(rows);
      await get().features.upsertWindows([...rows].reverse());
      expect(await snapshot(get)).toEqual(first);
    });

    it('a rewritten key replaces the row; within one batch the last row for a key wins', async () => {
      await get().features.upsertWindows([featureRow({ requests: 1 })]);
      await get().features.upsertWindows([featureRow({ requests: 2, errors: 0 }), featureRow({ requests: 3, errors: 1 })]);
      const rows = await get().features.queryWindows({ service: 'checkout', from: DAY0, to: DAY0 + MIN });
      expect(rows.map((r) => [r.requests, r.errors])).toEqual([[3, 1]]);
    });

    it('queryWindows is half-open [from, to), ordered, and keeps operation and resolution apart', async () => {
      await get().features.upsertWindows([
        ...series(10),
        ...series(10, { operation: 'GET /cart' }),
        ...series(3, { resolution: '5m' }, 5 * MIN),
        ...series(10, { service: 'payments' }),
      ]);
      const rows = await get().features.queryWindows({ service: 'checkout', from: DAY0 + 2 * MIN, to: DAY0 + 5 * MIN });
      expect(rows.map((r) => r.windowStart)).toEqual([DAY0 + 2 * MIN, DAY0 + 3 * MIN, DAY0 + 4 * MIN]);
      expect(new Set(rows.map((r) => `${r.service}|${r.operation}|${r.resolution}`))).toEqual(new Set(['checkout||1m']));
      const coarse = await get().features.queryWindows({ service: 'checkout', resolution: '5m', from: DAY0, to: DAY0 + DAY });
      expect(coarse.map((r) => r.windowStart)).toEqual([DAY0, DAY0 + 5 * MIN, DAY0 + 10 * MIN]);
    });

    it('queryRange returns every series at one resolution', async () => {
      await get().features.upsertWindows([...series(4), ...series(4, { service: 'payments', operation: 'charge' }), ...series(2, { resolution: '1h' }, 60 * MIN)]);
      const rows = await get().features.queryRange(DAY0 + MIN, DAY0 + 3 * MIN, '1m');
      expect(rows.map((r) => `${r.service}|${r.operation}|${r.windowStart - DAY0}`).sort()).toEqual(
        ['checkout||60000', 'checkout||120000', 'payments|charge|60000', 'payments|charge|120000'].sort(),
      );
      expect((await get().features.queryRange(DAY0, DAY0 + DAY, '1h')).map((r) => r.resolution)).toEqual(['1h', '1h']);
      expect(await get().features.queryRange(-Infinity, Infinity, '1m')).toHaveLength(8);
    });

    it('listServices names each service once with its latest window', async () => {
      await get().features.upsertWindows([...series(5), ...series(2, { service: 'payments', operation: 'charge' })]);
      await get().graph.upsertNodes([{ name: 'orders-db', kind: 'database', lastSeen: DAY0 }]);
      expect(await get().features.listServices()).toEqual([
        { name: 'checkout', lastSeen: DAY0 + 4 * MIN },
        { name: 'payments', lastSeen: DAY0 + MIN },
      ]);
    });

    it('writes 10k rows in one call (several statements) and reads them back', async () => {
      const rows: FeatureWindow[] = [];
      for (let s = 0; s < 10; s++) rows.push(...series(1000, { service: `svc-${s}` }));
      await get().features.upsertWindows(rows);
      const back = await get().features.queryRange(DAY0, DAY0 + 2 * DAY);
      expect(back).toHaveLength(10_000);
      expect(back.find((r) => r.service === 'svc-7' && r.windowStart === DAY0 + 999 * MIN)?.requests).toBe(1099);
    });

    it('observes write latency when given metrics', async () => {
      const metrics = createMetrics();
      const store = createSqlFeatureStore(get().client, { metrics });
      await store.upsertWindows(series(3));
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/aiops_store_write_seconds_count\{store="feature_windows",op="upsert"\} 1/);
    });
  });
}
