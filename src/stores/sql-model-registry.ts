/** ModelRegistryStore on PostgreSQL/PGlite: records as jsonb, status changes in one statement, audit append-only. */
import type { ModelAuditEntry, ModelRecord, ModelRegistryStore, ModelStatus } from '../core/index.js';
import type { SqlClient } from './sql-client.js';

export function createSqlModelRegistry(client: SqlClient): ModelRegistryStore {
  const read = (rows: { doc: ModelRecord | string; status: ModelStatus }[]): ModelRecord[] =>
    rows.map((r) => ({ ...(typeof r.doc === 'string' ? (JSON.parse(r.doc) as ModelRecord) : r.doc), status: r.status }));
  return {
    async list() {
      return read((await client.query<{ doc: ModelRecord; status: ModelStatus }>('SELECT doc, status FROM detector_models ORDER BY kind, version')).rows);
    },
    async get(id) {
      return read((await client.query<{ doc: ModelRecord; status: ModelStatus }>('SELECT doc, status FROM detector_models WHERE id = $1', [id])).rows)[0] ?? null;
    },
    async put(record) {
      await client.query(
        `INSERT INTO detector_models (id, kind, version, status, created_at, doc) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, doc = EXCLUDED.doc`,
        [record.id, record.kind, record.version, record.status, record.createdAt, JSON.stringify(record)],
      );
    },
    async setStatus(id, status) {
      await client.query('UPDATE detector_models SET status = $2 WHERE id = $1', [id, status]);
    },
    async audit(e: ModelAuditEntry) {
      await client.query('INSERT INTO detector_model_audit (model_id, at, actor, event, detail) VALUES ($1, $2::timestamptz, $3, $4, $5)', [e.modelId, e.at, e.actor, e.event, e.detail]);
    },
    async auditLog(modelId) {
      const r = await client.query<{ model_id: string; at: Date | string; actor: string; event: ModelAuditEntry['event']; detail: string }>(
        `SELECT model_id, at, actor, event, detail FROM detector_model_audit ${modelId ? 'WHERE model_id = $1' : ''} ORDER BY seq`,
        modelId ? [modelId] : [],
      );
      return r.rows.map((x) => ({ modelId: x.model_id, at: new Date(x.at).toISOString(), actor: x.actor, event: x.event, detail: x.detail }));
    },
  };
}
