/** RemediationRunStore on Postgres/PGlite (`remediation_runs`): the embedded driver's durable state machine. */
import type { RemediationRun, RemediationRunStore } from '../core/index.js';
import type { SqlClient } from './sql-client.js';

interface Row { action_id: string; phase: string; data: Record<string, unknown>; wake_at: Date | string; signalled: boolean }

const toRun = (r: Row): RemediationRun => ({ actionId: r.action_id, phase: r.phase, data: r.data, wakeAt: new Date(r.wake_at).getTime(), signalled: r.signalled });
const iso = (ms: number) => new Date(ms).toISOString();
const COLS = 'action_id, phase, data, wake_at, signalled';

export function createSqlRemediationRunStore(client: SqlClient): RemediationRunStore {
  return {
    async create(run) {
      const res = await client.query(
        `INSERT INTO remediation_runs (action_id, phase, data, wake_at, signalled) VALUES ($1, $2, $3::jsonb, $4::timestamptz, $5)
         ON CONFLICT (action_id) DO NOTHING RETURNING action_id`,
        [run.actionId, run.phase, JSON.stringify(run.data), iso(run.wakeAt), run.signalled],
      );
      return res.rows.length > 0;
    },
    async get(actionId) {
      const res = await client.query<Row>(`SELECT ${COLS} FROM remediation_runs WHERE action_id = $1`, [actionId]);
      return res.rows[0] ? toRun(res.rows[0]) : null;
    },
    async due(nowMs, limit) {
      const res = await client.query<Row>(
        `SELECT ${COLS} FROM remediation_runs WHERE phase <> 'done' AND (wake_at <= $1::timestamptz OR signalled) ORDER BY wake_at LIMIT $2::int`,
        [iso(nowMs), limit],
      );
      return res.rows.map(toRun);
    },
    async advance(actionId, fromPhase, next) {
      const res = await client.query(
        `UPDATE remediation_runs SET phase = $3, data = $4::jsonb, wake_at = $5::timestamptz, updated_at = now()
         WHERE action_id = $1 AND phase = $2 RETURNING action_id`,
        [actionId, fromPhase, next.phase, JSON.stringify(next.data), iso(next.wakeAt)],
      );
      return res.rows.length > 0;
    },
    async setSignalled(actionId, signalled) {
      await client.query('UPDATE remediation_runs SET signalled = $2 WHERE action_id = $1', [actionId, signalled]);
    },
  };
}
