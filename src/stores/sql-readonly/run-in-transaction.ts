/**
 * Runs a guard-accepted SELECT in this process: inside a READ ONLY transaction with a statement timeout, an
 * optional planner cost ceiling, a row cap and a result-size cap, and always rolls back. The guard is the
 * first wall; this transaction is the second, so a guard bug still cannot write (PostgreSQL answers 25006).
 * On PostgreSQL the timeout stops a runaway query (57014). On PGlite nothing can interrupt the WASM engine
 * in-process, so `runReadonly` sends PGlite queries to a worker (pglite-sandbox.ts) that runs this there.
 */
import type { SqlAccepted } from '../../query/sql-check-result.js';
import type { SqlClient } from '../sql-client.js';
import { boundedProbe, unpackProbe } from './bounded-probe.js';
import { totalCost } from './explain-cost.js';
import { failureFromPgError, isPgError, type ReadonlyOutcome } from './readonly-outcome.js';

export interface ReadonlyLimits {
  /** `SET LOCAL statement_timeout`; on PGlite the sandbox's kill timer enforces it instead. */
  statementTimeoutMs: number;
  /** Refuse when EXPLAIN's estimated `Total Cost` is above this; unset skips the EXPLAIN. */
  maxCost?: number;
  /** Schema put on the search_path, so unqualified names resolve where the guard assumed. */
  schema?: string;
  /** Most bytes of result text (rows as PostgreSQL prints them); default `DEFAULT_MAX_RESULT_BYTES`. */
  maxResultBytes?: number;
}

export const DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024;

/** The query to run, as the guard accepted it. Only `statement`, `normalized` and `limit` are used. */
export type CheckedQuery = Pick<SqlAccepted, 'statement' | 'normalized' | 'limit'>;

/** Carries the result out of `transaction()` by throwing, so the transaction always rolls back. */
class RollbackWith {
  constructor(readonly outcome: ReadonlyOutcome) {}
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function runInReadonlyTransaction(client: SqlClient, query: CheckedQuery, limits: ReadonlyLimits): Promise<ReadonlyOutcome> {
  const timeoutMs = Math.max(1, Math.floor(limits.statementTimeoutMs));
  try {
    await client.transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      await tx.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      await tx.query(`SET LOCAL lock_timeout = ${timeoutMs}`);
      await tx.query(`SET LOCAL search_path = ${quoteIdent(limits.schema ?? 'public')}, pg_temp`);
      throw new RollbackWith(await runInside(tx, query, limits));
    });
  } catch (e) {
    if (e instanceof RollbackWith) return e.outcome;
    if (isPgError(e)) return failureFromPgError(e, query.normalized, timeoutMs);
    throw e;
  }
  throw new Error('unreachable: the read-only transaction always rolls back');
}

async function runInside(tx: SqlClient, query: CheckedQuery, limits: ReadonlyLimits): Promise<ReadonlyOutcome> {
  let estimatedCost: number | null = null;
  if (limits.maxCost !== undefined) {
    const plan = await tx.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) SELECT * FROM (\n${query.statement}\n) AS q LIMIT ${query.limit + 1}`);
    estimatedCost = totalCost(plan.rows[0]?.['QUERY PLAN']);
    if (estimatedCost !== null && estimatedCost > limits.maxCost) {
      return { ok: false, code: 'COST_LIMIT', sql: query.normalized, message: `The planner estimates a cost of ${Math.round(estimatedCost)}, above the limit of ${limits.maxCost}. Narrow the time range, filter by service, or aggregate before joining.` };
    }
  }
  const maxBytes = limits.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const started = performance.now();
  const raw = await tx.query<Record<string, unknown>>(boundedProbe(query.statement, query.limit, maxBytes));
  const elapsedMs = performance.now() - started;
  const { columns, rows, produced } = unpackProbe(raw.rows);
  if (produced > 0 && rows.length === 0) {
    return { ok: false, code: 'RESULT_TOO_LARGE', sql: query.normalized, message: `The first row alone is larger than the ${maxBytes}-byte result limit. Select fewer or shorter columns (left(text, n)), or aggregate into numbers instead of strings.` };
  }
  const kept = rows.slice(0, query.limit);
  const truncated = produced > query.limit || kept.length < produced;
  return { ok: true, columns, rows: kept, rowCount: kept.length, truncated, sql: query.normalized, elapsedMs, estimatedCost };
}
