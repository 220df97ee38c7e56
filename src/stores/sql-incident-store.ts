/** IncidentStore: the whole Incident as jsonb, with the columns lists filter and sort on. */
import type { Incident, IncidentQuery, IncidentStore } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import { clampMs, timedWrite } from './sql-util.js';
import type { SqlClient } from './sql-client.js';

const SAVE_SQL = `
INSERT INTO incidents (id, status, severity, opened_at, resolved_at, services, doc)
VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6::text[], $7::jsonb)
ON CONFLICT (id) DO UPDATE SET status = excluded.status, severity = excluded.severity, opened_at = excluded.opened_at,
  resolved_at = excluded.resolved_at, services = excluded.services, doc = excluded.doc`;

/**
 * `since` keeps incidents opened at or after it; ties on opened_at are ordered by id (descending) so
 * pages are stable.
 */
const LIST_SQL = `
SELECT doc FROM incidents
WHERE ($1::timestamptz IS NULL OR opened_at >= $1::timestamptz) AND ($2::text IS NULL OR status = $2::text)
ORDER BY opened_at DESC, id DESC
LIMIT $3::int`;

export function createSqlIncidentStore(client: SqlClient, deps: { metrics?: AiopsMetrics } = {}): IncidentStore {
  return {
    save(i: Incident) {
      const params = [i.id, i.status, i.severity, i.openedAt, i.resolvedAt, i.services, JSON.stringify(i)];
      return timedWrite(deps.metrics, 'incidents', 'save', async () => {
        await client.query(SAVE_SQL, params);
      });
    },

    async get(id: string) {
      const res = await client.query<{ doc: Incident }>('SELECT doc FROM incidents WHERE id = $1', [id]);
      return res.rows[0]?.doc ?? null;
    },

    async list(q: IncidentQuery = {}) {
      const since = q.since === undefined ? null : new Date(clampMs(q.since)).toISOString();
      const res = await client.query<{ doc: Incident }>(LIST_SQL, [since, q.status ?? null, q.limit ?? null]);
      return res.rows.map((r) => r.doc);
    },
  };
}
