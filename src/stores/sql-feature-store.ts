/** FeatureStore on feature_windows (PostgreSQL, TimescaleDB or PGlite through SqlClient). */
import { ALL_OPERATIONS, type FeatureQuery, type FeatureStore, type FeatureWindow, type RangeOptions, type Resolution } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { FEATURE_CHUNK_ROWS } from './limits.js';
import { featureKey, fromRow, SELECT_FEATURES_SQL, UPSERT_FEATURES_SQL, upsertParams, type FeatureRow } from './feature-rows.js';
import { upsertServiceNodes } from './graph-sql.js';
import { ensurePartitionsForRows } from './partitions.js';
import { applyRetention, DEFAULT_RETENTION_MS, type RetentionPolicy } from './retention.js';
import { chunks, clampMs, dedupeBy, msToTs, timedWrite, tsToMs } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

export interface SqlFeatureStoreDeps {
  metrics?: AiopsMetrics;
  retention?: Partial<RetentionPolicy>;
}

export function createSqlFeatureStore(client: SqlClient, deps: SqlFeatureStoreDeps = {}): FeatureStore {
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION_MS, ...deps.retention };
  const select = async (where: string, params: unknown[]) =>
    (await client.query<FeatureRow>(`${SELECT_FEATURES_SQL} WHERE ${where} ORDER BY window_start, service, operation`, params)).rows.map(fromRow);

  return {
    async upsertWindows(rows: readonly FeatureWindow[]) {
      if (rows.length === 0) return;
      const unique = dedupeBy(rows, featureKey);
      await timedWrite(deps.metrics, 'feature_windows', 'upsert', async () => {
        await ensurePartitionsForRows(client, unique.map((w) => w.windowStart));
        for (const part of chunks(unique, FEATURE_CHUNK_ROWS)) await client.query(UPSERT_FEATURES_SQL, upsertParams(part));
        await upsertServiceNodes(client, unique.map((w) => ({ name: w.service, lastSeen: w.windowStart })));
      });
    },

    queryWindows(q: FeatureQuery) {
      return select(`service = $1 AND operation = $2 AND resolution = $3 AND window_start >= ${msToTs('$4')} AND window_start < ${msToTs('$5')}`, [
        q.service,
        q.operation ?? ALL_OPERATIONS,
        q.resolution ?? '1m',
        clampMs(q.from),
        clampMs(Math.ceil(q.to)),
      ]);
    },

    queryRange(from: number, to: number, resolution: Resolution = '1m', opts: RangeOptions = {}) {
      const range = `resolution = $1 AND window_start >= ${msToTs('$2')} AND window_start < ${msToTs('$3')}`;
      return select(opts.serviceLevelOnly ? `${range} AND operation = ''` : range, [resolution, clampMs(from), clampMs(Math.ceil(to))]);
    },

    async listServices() {
      const res = await client.query<{ name: string; last_seen: number }>(
        `SELECT name, ${tsToMs('last_seen')} AS last_seen FROM graph_nodes WHERE kind = 'service' ORDER BY name`,
      );
      return res.rows.map((r) => ({ name: r.name, lastSeen: r.last_seen }));
    },

    applyRetention(now: number) {
      return timedWrite(deps.metrics, 'feature_windows', 'retention', () => applyRetention(client, now, policy));
    },
  };
}
