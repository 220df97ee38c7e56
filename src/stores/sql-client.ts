/**
 * One SQL client contract for both engines (PostgreSQL through node-postgres, PGlite in-process), so every
 * store adapter is written once. Adapters use only `$n` parameters, arrays through `unnest`, and casts that
 * both engines accept.
 */
export type SqlEngine = 'postgres' | 'pglite';

export interface SqlClient {
  readonly engine: SqlEngine;
  /** One statement with `$n` parameters. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: commit when it resolves, rollback when it throws. A transaction started
   * on the `tx` client joins the outer one (no savepoint), so helpers can be called inside or outside one.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Idempotent. */
  close(): Promise<void>;
}
