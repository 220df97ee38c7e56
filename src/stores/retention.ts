/** Per-resolution retention of feature and edge windows. */
import type { Resolution } from '../core/index.js';
import { DAY_MS, dropPartitionsBefore } from './partitions.js';
import type { SqlClient } from './sql-client.js';

/** How long rows of each resolution are kept, ms. */
export type RetentionPolicy = Record<Resolution, number>;

export const DEFAULT_RETENTION_MS: RetentionPolicy = {
  '1m': 7 * DAY_MS,
  '5m': 30 * DAY_MS,
  '15m': 90 * DAY_MS,
  '1h': 400 * DAY_MS,
};

async function deleteOlder(client: SqlClient, table: string, resolution: Resolution, cutoffMs: number): Promise<number> {
  const res = await client.query<{ n: number }>(
    `WITH gone AS (DELETE FROM ${table} WHERE resolution = $1
       AND window_start < 'epoch'::timestamptz + $2::bigint * INTERVAL '1 millisecond' RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [resolution, Math.floor(cutoffMs)],
  );
  return res.rows[0]?.n ?? 0;
}

/**
 * Daily partitions hold every resolution, so a whole partition is dropped only once it is older than the
 * longest retention; younger expired rows are deleted per resolution. Rows in the DEFAULT partition are
 * covered by the deletes.
 */
export async function applyRetention(client: SqlClient, now: number, policy: RetentionPolicy = DEFAULT_RETENTION_MS): Promise<{ deleted: number }> {
  const longest = Math.max(...Object.values(policy));
  let deleted = (await dropPartitionsBefore(client, now - longest)).rows;
  for (const [resolution, keepMs] of Object.entries(policy) as [Resolution, number][]) {
    deleted += await deleteOlder(client, 'feature_windows', resolution, now - keepMs);
    deleted += await deleteOlder(client, 'edge_windows', resolution, now - keepMs);
  }
  return { deleted };
}
