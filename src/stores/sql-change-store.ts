/** ChangeStore: deployments detected in the telemetry, in the deployments table. */
import type { ChangeEvent, ChangeQuery, ChangeStore } from '../core/changes.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { chunks, clampMs, msToTs, timedWrite, tsToMs } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

const LIST_SQL = `
SELECT service, ${tsToMs('at')} AS at, version, previous_version FROM deployments
WHERE ($1::text[] IS NULL OR service = ANY($1::text[]))
  AND ($2::bigint IS NULL OR at >= ${msToTs('$2')}) AND ($3::bigint IS NULL OR at < ${msToTs('$3')})
ORDER BY at, service
LIMIT $4::int`;

export function createSqlChangeStore(client: SqlClient, deps: { metrics?: AiopsMetrics } = {}): ChangeStore {
  return {
    save(events: readonly ChangeEvent[]) {
      if (events.length === 0) return Promise.resolve();
      return timedWrite(deps.metrics, 'deployments', 'save', async () => {
        for (const part of chunks(events, 500)) {
          const params: unknown[] = [];
          const rows = part.map((e, i) => {
            params.push(e.service, Math.round(clampMs(e.at)), e.version, e.previousVersion ?? null);
            const b = i * 4;
            return `($${b + 1}, ${msToTs(`$${b + 2}`)}, $${b + 3}, $${b + 4})`;
          });
          await client.query(`INSERT INTO deployments (service, at, version, previous_version) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, params);
        }
      });
    },

    async list(q: ChangeQuery = {}) {
      const from = q.from === undefined ? null : Math.round(clampMs(q.from));
      const to = q.to === undefined ? null : Math.round(clampMs(q.to));
      const res = await client.query<{ service: string; at: number; version: string; previous_version: string | null }>(
        LIST_SQL, [q.services ? [...q.services] : null, from, to, q.limit ?? null]);
      return res.rows.map((r) => ({ service: r.service, version: r.version, ...(r.previous_version !== null ? { previousVersion: r.previous_version } : {}), at: Number(r.at) }));
    },
  };
}
