/** Why the guard refused a query. Stable: tools and tests match on these codes. */
export type SqlRejectCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'NUL_BYTE'
  | 'PARSE_ERROR'
  | 'MULTIPLE_STATEMENTS'
  | 'NOT_SELECT'
  | 'SELECT_INTO'
  | 'LOCKING_CLAUSE'
  | 'DATA_MODIFYING_CTE'
  | 'FORBIDDEN_RELATION'
  | 'FORBIDDEN_FUNCTION'
  | 'FORBIDDEN_TYPE'
  | 'FORBIDDEN_SYNTAX'
  | 'TOO_COMPLEX';

export interface SqlRejection {
  ok: false;
  code: SqlRejectCode;
  /** Names the offending element and says what to do instead, so a model can correct its query. */
  message: string;
}

export interface SqlAccepted {
  ok: true;
  /** The SQL to show and run: the statement as written, wrapped in `LIMIT maxRows` when it had no smaller limit. */
  normalized: string;
  /** The single statement as written (no trailing semicolon), before any wrapping. */
  statement: string;
  /** Allowed relations the query reads (CTE names excluded), sorted. */
  tables: string[];
  /** Most rows the normalized query can return. */
  limit: number;
  /** True when the guard added the outer LIMIT. */
  wrapped: boolean;
}

export type SqlCheck = SqlAccepted | SqlRejection;

export const reject = (code: SqlRejectCode, message: string): SqlRejection => ({ ok: false, code, message });
