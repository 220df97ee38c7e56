/**
 * Runs a guard-accepted SELECT inside a READ ONLY transaction with a statement timeout, an optional planner
 * cost ceiling and a row cap, and always rolls back. The guard is the first wall; this transaction is the
 * second, so a guard bug still cannot write (PostgreSQL answers 25006) or run forever (57014).
 */
import { checkSql, loadSqlGuard } from '../../query/sql-guard.js';
import type { SqlAccepted } from '../../query/sql-check-result.js';
import type { SqlPolicy } from '../../query/sql-policy.js';
import type { SqlClient } from '../sql-client.js';
import { totalCost } from './explain-cost.js';
import { failureFromPgError, isPgError, type ReadonlyOutcome } from './readonly-outcome.js';

export interface ReadonlyLimits {
  /** `SET LOCAL statement_timeout`; PGlite (single-threaded WASM) does not enforce it, real PostgreSQL does. */
  statementTimeoutMs: number;
  /** Refuse when EXPLAIN's estimated `Total Cost` is above this; unset skips the EXPLAIN. */
  maxCost?: number;
  /** Schema put on the search_path, so unqualified names resolve where the guard assumed. */
  schema?: string;
}

/** The query to run, as the guard accepted it. Only `statement`, `normalized` and `limit` are used. */
export type CheckedQuery = Pick<SqlAccepted, 'statement' | 'normalized' | 'limit'>;

/** Carries the result out of `transaction()` by throwing, so the transaction always rolls back. */
class RollbackWith {
  constructor(readonly outcome: ReadonlyOutcome) {}
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Guard, then run: the one entry point callers need. */
export async function runGuardedSql(client: SqlClient, sql: string, policy: SqlPolicy): Promise<ReadonlyOutcome> {
  await loadSqlGuard();
  const checked = checkSql(sql, policy);
  if (!checked.ok) return { ok: false, code: checked.code, message: checked.message, sql };
  return runReadonly(client, checked, {
    statementTimeoutMs: policy.statementTimeoutMs ?? 5_000,
    maxCost: policy.maxCost,
    schema: policy.schema,
  });
}

/**
 * Runs an already-checked query. It fetches `limit + 1` rows so it can tell whether the row cap cut
 * anything, and returns at most `limit`.
 */
export async function runReadonly(client: SqlClient, query: CheckedQuery, limits: ReadonlyLimits): Promise<ReadonlyOutcome> {
  const timeoutMs = Math.max(1, Math.floor(limits.statementTimeoutMs));
  const probe = `SELECT * FROM (\n${query.statement}\n) AS q LIMIT ${query.limit + 1}`;
  try {
    await client.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      await tx.query(`SET LOCAL lock_timeout = ${timeoutMs}`);
      await tx.query(`SET LOCAL search_path = ${quoteIdent(limits.schema ?? 'public')}, pg_temp`);
      throw new RollbackWith(await runInside(tx, query, probe, limits));
    });
  } catch (e) {
    if (e instanceof RollbackWith) return e.outcome;
    if (isPgError(e)) return failureFromPgError(e, query.normalized, timeoutMs);
    throw e;
  }
  throw new Error('unreachable: the read-only transaction always rolls back');
}

async function runInside(tx: SqlClient, query: CheckedQuery, probe: string, limits: ReadonlyLimits): Promise<ReadonlyOutcome> {
  let estimatedCost: number | null = null;
  if (limits.maxCost !== undefined) {
    const plan = await tx.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${probe}`);
    estimatedCost = totalCost(plan.rows[0]?.['QUERY PLAN']);
    if (estimatedCost !== null && estimatedCost > limits.maxCost) {
      return { ok: false, code: 'COST_LIMIT', sql: query.normalized, message: `The planner estimates a cost of ${Math.round(estimatedCost)}, above the limit of ${limits.maxCost}. Narrow the time range, filter by service, or aggregate before joining.` };
    }
  }
  const started = performance.now();
  const { rows } = await tx.query<Record<string, unknown>>(probe);
  const elapsedMs = performance.now() - started;
  const truncated = rows.length > query.limit;
  const kept = truncated ? rows.slice(0, query.limit) : rows;
  const columns = kept.length > 0 ? Object.keys(kept[0]!) : await emptyResultColumns(tx, query.statement);
  return { ok: true, columns, rows: kept, rowCount: kept.length, truncated, sql: query.normalized, elapsedMs, estimatedCost };
}

/** SqlClient gives rows, not field lists; a LEFT JOIN onto one row yields the column names of an empty result. */
async function emptyResultColumns(tx: SqlClient, statement: string): Promise<string[]> {
  const { rows } = await tx.query<Record<string, unknown>>(`SELECT q.* FROM (SELECT 1) AS one_row LEFT JOIN (\n${statement}\n) AS q ON true LIMIT 1`);
  return rows[0] ? Object.keys(rows[0]) : [];
}
