/** Guarded SQL for text-to-SQL: parse with PostgreSQL's parser, allow-list the tree, bound the rows. */
export { checkSql, loadSqlGuard } from './sql-guard.js';
export type { SqlAccepted, SqlCheck, SqlRejectCode, SqlRejection } from './sql-check-result.js';
export { DEFAULT_SQL_POLICY, DOCUMENTED_RELATIONS, type SqlPolicy } from './sql-policy.js';
export { DEFAULT_SAFE_FUNCTIONS, SAFE_FUNCTION_GROUPS, SAFE_TYPES } from './sql-allow-lists.js';

/** PromQL syntax check with the official grammar (position of the first error, metric names). */
export { checkPromql, type PromqlCheck } from './promql-check.js';
