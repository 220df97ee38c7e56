/** What a guarded read-only query run returns, and how PostgreSQL errors map onto it. */
import type { SqlRejectCode } from '../../query/sql-check-result.js';

export interface ReadonlyRows {
  ok: true;
  /** Column names in result order (from the first row; from a one-row probe when the result is empty). */
  columns: string[];
  rows: Record<string, unknown>[];
  rowCount: number;
  /** True when the guard's row limit cut rows off (a LIMIT the query wrote itself does not count). */
  truncated: boolean;
  /** The SQL shown beside the answer: the guard's normalized query. */
  sql: string;
  elapsedMs: number;
  /** Planner estimate from EXPLAIN, when the cost guard ran. */
  estimatedCost: number | null;
}

export type ReadonlyFailureCode =
  | SqlRejectCode
  | 'COST_LIMIT'
  | 'TIMEOUT'
  | 'READ_ONLY'
  | 'EXECUTION_ERROR'
  /** Not even the first row fits the result-size cap. */
  | 'RESULT_TOO_LARGE'
  /** The PGlite sandbox could not run the query (snapshot or worker failed, or too many queries waiting). */
  | 'UNAVAILABLE';

export interface ReadonlyFailure {
  ok: false;
  code: ReadonlyFailureCode;
  /** Names the cause and what to change, written for a model to retry with. */
  message: string;
  sql: string;
}

export type ReadonlyOutcome = ReadonlyRows | ReadonlyFailure;

interface PgLikeError {
  code: string;
  message: string;
  position?: string | number;
}

/** SQLSTATE-bearing errors come from PostgreSQL (pg's DatabaseError, PGlite's error); others are not ours to map. */
export function isPgError(e: unknown): e is PgLikeError {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function failureFromPgError(e: PgLikeError, sql: string, timeoutMs: number): ReadonlyFailure {
  if (e.code === '57014') {
    return { ok: false, code: 'TIMEOUT', sql, message: `The query was cancelled by the ${timeoutMs} ms statement timeout (${e.message}). Narrow the time range, filter by service, aggregate earlier or drop expensive joins.` };
  }
  if (e.code === '25006') {
    return { ok: false, code: 'READ_ONLY', sql, message: `PostgreSQL refused a write: ${e.message}. Guarded queries run in a READ ONLY transaction; only SELECT is possible.` };
  }
  const at = e.position !== undefined ? ` (at character ${e.position})` : '';
  return { ok: false, code: 'EXECUTION_ERROR', sql, message: `PostgreSQL error ${e.code}: ${e.message}${at}. Fix the query and try again.` };
}
