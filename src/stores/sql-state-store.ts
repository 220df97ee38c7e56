/** StateStore: JSON values by key in state_kv. */
import type { StateStore } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { timedWrite } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

const PUT_SQL = `
INSERT INTO state_kv (key, value, updated_at) VALUES ($1, $2::jsonb, now())
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

/**
 * Values go through JSON: `undefined` is stored as null (so get returns null), NaN and Infinity inside a
 * value become null, Dates become ISO strings. Callers store plain data.
 */
export function createSqlStateStore(client: SqlClient, deps: { metrics?: AiopsMetrics } = {}): StateStore {
  return {
    async get<T>(key: string) {
      const res = await client.query<{ value: T | null }>('SELECT value FROM state_kv WHERE key = $1', [key]);
      return res.rows[0]?.value ?? null;
    },
    put<T>(key: string, value: T) {
      return timedWrite(deps.metrics, 'state_kv', 'put', async () => {
        await client.query(PUT_SQL, [key, JSON.stringify(value ?? null)]);
      });
    },
  };
}
