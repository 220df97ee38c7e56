/**
 * ActionStore on Postgres/PGlite. The status and decider are columns (compare-and-set in one UPDATE … WHERE
 * status = $from); the rest of the Action is jsonb. The audit lives in the append-only `action_audit` table,
 * each row carrying the incident id so a step can be traced to its incident without a join.
 */
import { AiopsError, type Action, type ActionQuery, type ActionStatus, type ActionStore, type ActionUpdate, type AuditEntry } from '../core/index.js';
import type { AiopsMetrics } from '../obs/metrics.js';
import type { SqlClient } from './sql-client.js';
import { timedWrite } from './sql-util.js';

type Doc = Omit<Action, 'audit' | 'status' | 'decidedBy'>;
interface ActionRow { id: string; status: ActionStatus; decided_by: string | null; doc: Doc }
interface AuditRow { action_id: string; at: Date | string; actor: string; event: string; detail: string; evidence: string[] | null }

const INSERT_SQL = `
INSERT INTO actions (id, incident_id, type, status, risk_score, requires_approval, decided_by, created_at, doc)
VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()), $9::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id`;
const AUDIT_SQL = `
INSERT INTO action_audit (action_id, incident_id, at, actor, event, detail, evidence)
SELECT id, incident_id, $2::timestamptz, $3, $4, $5, $6::jsonb FROM actions WHERE id = $1 RETURNING seq`;
const TRANSITION_SQL = `
UPDATE actions SET status = $3, decided_by = coalesce($4, decided_by), updated_at = now(),
  doc = CASE WHEN $5::jsonb IS NULL THEN doc ELSE jsonb_set(doc, '{params}', $5::jsonb) END
WHERE id = $1 AND status = $2 RETURNING id`;
// `update`: the row lock serializes deciders on one action on PostgreSQL (PGlite runs one transaction at a
// time anyway); the status check in the UPDATE is the compare-and-set that holds even without the lock.
const LOCK_SQL = 'SELECT id, status, decided_by, doc FROM actions WHERE id = $1 FOR UPDATE';
const SET_STATUS_SQL = `
UPDATE actions SET status = $3, decided_by = coalesce($4, decided_by), updated_at = now() WHERE id = $1 AND status = $2 RETURNING id`;
const LIST_SQL = `
SELECT id, status, decided_by, doc FROM actions
WHERE ($1::text IS NULL OR status = $1::text) AND ($2::text IS NULL OR incident_id = $2::text)
ORDER BY created_at DESC, id DESC LIMIT $3::int`;

function toAudit(r: AuditRow): AuditEntry {
  const e: AuditEntry = { at: new Date(r.at).toISOString(), actor: r.actor, event: r.event, detail: r.detail };
  if (r.evidence && r.evidence.length) e.evidence = r.evidence;
  return e;
}

function toAction(r: ActionRow, audit: AuditEntry[]): Action {
  const a: Action = { ...r.doc, status: r.status, audit };
  if (r.decided_by !== null) a.decidedBy = r.decided_by;
  return a;
}

async function insertAudit(c: SqlClient, id: string, e: AuditEntry): Promise<void> {
  const res = await c.query(AUDIT_SQL, [id, e.at, e.actor, e.event, e.detail, JSON.stringify(e.evidence ?? [])]);
  if (!res.rows.length) throw new AiopsError('NOT_FOUND', `no action ${id}`);
}

async function withAudit(c: SqlClient, rows: ActionRow[]): Promise<Action[]> {
  if (!rows.length) return [];
  const res = await c.query<AuditRow>(
    'SELECT action_id, at, actor, event, detail, evidence FROM action_audit WHERE action_id = ANY($1::text[]) ORDER BY seq',
    [rows.map((r) => r.id)],
  );
  const by = new Map<string, AuditEntry[]>();
  for (const a of res.rows) by.set(a.action_id, [...(by.get(a.action_id) ?? []), toAudit(a)]);
  return rows.map((r) => toAction(r, by.get(r.id) ?? []));
}

async function getOne(c: SqlClient, id: string): Promise<Action | null> {
  const res = await c.query<ActionRow>('SELECT id, status, decided_by, doc FROM actions WHERE id = $1', [id]);
  return (await withAudit(c, res.rows))[0] ?? null;
}

/** `create` is idempotent by id: a second create of the same id keeps the first and appends nothing. */
export function createSqlActionStore(client: SqlClient, deps: { metrics?: AiopsMetrics } = {}): ActionStore {
  return {
    create(action: Action) {
      const { audit, status, decidedBy, ...doc } = action;
      const params = [action.id, action.incidentId, action.type, status, action.riskScore, action.requiresApproval, decidedBy ?? null, action.createdAt ?? null, JSON.stringify(doc)];
      return timedWrite(deps.metrics, 'actions', 'create', () =>
        client.transaction(async (tx) => {
          const res = await tx.query(INSERT_SQL, params);
          if (res.rows.length) for (const e of audit) await insertAudit(tx, action.id, e);
        }),
      );
    },
    get: (id) => getOne(client, id),
    async list(q: ActionQuery = {}) {
      const res = await client.query<ActionRow>(LIST_SQL, [q.status ?? null, q.incidentId ?? null, q.limit ?? null]);
      return withAudit(client, res.rows);
    },
    transition(id, from, to, audit, patch) {
      const params = [id, from, to, patch?.decidedBy ?? null, patch?.params ? JSON.stringify(patch.params) : null];
      return timedWrite(deps.metrics, 'actions', 'transition', () =>
        client.transaction(async (tx) => {
          const res = await tx.query(TRANSITION_SQL, params);
          if (!res.rows.length) return null;
          await insertAudit(tx, id, audit);
          return getOne(tx, id);
        }),
      );
    },
    update(id: string, plan: (current: Action) => ActionUpdate | null) {
      return timedWrite(deps.metrics, 'actions', 'update', () =>
        client.transaction(async (tx) => {
          const locked = await tx.query<ActionRow>(LOCK_SQL, [id]);
          const current = (await withAudit(tx, locked.rows))[0];
          if (!current) return null;
          const write = plan(current);
          if (!write) return { action: current, changed: false };
          if (write.status) {
            const res = await tx.query(SET_STATUS_SQL, [id, current.status, write.status, write.decidedBy ?? null]);
            if (!res.rows.length) throw new AiopsError('INTERNAL', `action ${id} changed while locked`);
          }
          for (const e of write.audit) await insertAudit(tx, id, e);
          return { action: (await getOne(tx, id))!, changed: true };
        }),
      );
    },
    appendAudit(id, audit) {
      return timedWrite(deps.metrics, 'action_audit', 'append', () => insertAudit(client, id, audit));
    },
  };
}
