import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/stores/migrate.js';
import { MIGRATIONS } from '../../src/stores/migrations/index.js';
import { ensurePartitions, isPartitioned, listPartitions, partitionName } from '../../src/stores/partitions.js';
import { DAY, DAY0, featureRow, edgeWindow, MIN } from './fixtures.js';
import type { GetStores } from './store-contract.js';

export function schemaContract(get: GetStores): void {
  describe('schema', () => {
    it('migrations are recorded once and a second run applies nothing', async () => {
      expect(await migrate(get().client)).toEqual({ applied: [] });
      const { rows } = await get().client.query<{ id: number; name: string; checksum: string }>('SELECT id, name, checksum FROM schema_migrations ORDER BY id');
      expect(rows.map((r) => [r.id, r.name])).toEqual(MIGRATIONS.map((m) => [m.id, m.name]));
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    });

    it('documents the text-to-SQL views', async () => {
      const { rows } = await get().client.query<{ v: string; doc: string | null }>(
        `SELECT v, obj_description(to_regclass(v), 'pg_class') AS doc FROM unnest(ARRAY['v_service_features', 'v_service_calls', 'v_incidents']) AS v`,
      );
      expect(rows.every((r) => (r.doc ?? '').length > 20)).toBe(true);
      await get().features.upsertWindows([featureRow(), featureRow({ operation: 'GET /x' })]);
      const svc = await get().client.query<{ service: string; requests: string | number }>('SELECT service, requests FROM v_service_features');
      expect(svc.rows.map((r) => [r.service, Number(r.requests)])).toEqual([['checkout', 120]]);
    });

    it('retention deletes expired rows per resolution and keeps the rest', async () => {
      const now = DAY0 + 10 * DAY;
      await get().features.upsertWindows([
        featureRow({ windowStart: now - 8 * DAY }), // 1m, past 7 d: deleted
        featureRow({ windowStart: now - 6 * DAY }), // 1m, kept
        featureRow({ resolution: '5m', windowStart: now - 8 * DAY }), // 5m keeps 30 d
        featureRow({ resolution: '1h', windowStart: now - 8 * DAY }),
      ]);
      await get().graph.upsertEdges([edgeWindow({ windowStart: now - 8 * DAY }), edgeWindow({ windowStart: now - MIN })]);
      expect(await get().features.applyRetention(now)).toEqual({ deleted: 2 });
      const left = await get().client.query<{ resolution: string }>(`SELECT resolution FROM feature_windows`);
      expect(left.rows.map((r) => r.resolution).sort()).toEqual(['1h', '1m', '5m']);
      expect((await get().features.queryRange(0, now + DAY, '1m')).map((r) => r.windowStart)).toEqual([now - 6 * DAY]);
      expect((await get().graph.getGraph({})).edges[0]?.calls).toBe(10);
      expect(await get().features.applyRetention(now)).toEqual({ deleted: 0 });
    });

    it('partitions exist for the written days and rows land in them', async (ctx) => {
      if (!(await isPartitioned(get().client))) {
        const chunks = await get().client.query(`SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'feature_windows'`);
        expect(chunks.rows).toHaveLength(1);
        ctx.skip();
      }
      const days = [DAY0 + 3 * DAY, DAY0 + 4 * DAY + 23 * 60 * MIN];
      await get().features.upsertWindows(days.map((d) => featureRow({ windowStart: d })));
      const names = (await listPartitions(get().client)).map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining([partitionName(DAY0 + 3 * DAY), partitionName(DAY0 + 4 * DAY), 'feature_windows_default']));
      const where = await get().client.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM feature_windows ORDER BY window_start`);
      expect(where.rows.map((r) => r.p)).toEqual([partitionName(DAY0 + 3 * DAY), partitionName(DAY0 + 4 * DAY)]);
    });

    it('a day without a partition goes to DEFAULT and moves out when its partition is created', async (ctx) => {
      if (!(await isPartitioned(get().client))) ctx.skip();
      const day = DAY0 + 40 * DAY;
      await get().client.query(
        `INSERT INTO feature_windows (service, operation, resolution, window_start, requests, errors, error_rate, throughput)
         VALUES ('late', '', '1m', $1::timestamptz, 1, 0, 0, 0)`,
        [new Date(day + 5 * MIN).toISOString()],
      );
      const before = await get().client.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM feature_windows WHERE service = 'late'`);
      expect(before.rows).toEqual([{ p: 'feature_windows_default' }]);
      const fresh = await ensurePartitions(get().client, day, day + 1);
      expect(fresh).toEqual([partitionName(day)]);
      const after = await get().client.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM feature_windows WHERE service = 'late'`);
      expect(after.rows).toEqual([{ p: partitionName(day) }]);
    });

    it('retention drops whole partitions older than the longest retention', async (ctx) => {
      if (!(await isPartitioned(get().client))) ctx.skip();
      const old = DAY0 - 500 * DAY;
      await get().features.upsertWindows([featureRow({ windowStart: old, resolution: '1h' }), featureRow({ windowStart: old + 60 * MIN, resolution: '1h' })]);
      expect((await listPartitions(get().client)).map((p) => p.name)).toContain(partitionName(old));
      expect(await get().features.applyRetention(DAY0)).toEqual({ deleted: 2 });
      expect((await listPartitions(get().client)).map((p) => p.name)).not.toContain(partitionName(old));
      await get().features.upsertWindows([featureRow({ windowStart: old, resolution: '1h' })]);
      expect(await get().features.queryRange(old, old + 1, '1h')).toHaveLength(1);
    });
  });
}
