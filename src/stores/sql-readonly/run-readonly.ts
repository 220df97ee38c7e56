/**
 * Entry points for guarded SQL: `runGuardedSql` (guard, then run) and `runReadonly` (run a checked query).
 * PostgreSQL runs it in-process, where `statement_timeout` stops it; PGlite runs it in the sandbox worker,
 * where a kill timer does (pglite-sandbox.ts). Both cap rows and result bytes (bounded-probe.ts).
 */
import { checkSql, loadSqlGuard } from '../../query/sql-guard.js';
import type { SqlPolicy } from '../../query/sql-policy.js';
import { onPgliteClose, pgliteOf } from '../pglite-client.js';
import type { SqlClient } from '../sql-client.js';
import { PgliteSandbox, type SandboxOptions } from './pglite-sandbox.js';
import type { ReadonlyOutcome } from './readonly-outcome.js';
import { runInReadonlyTransaction, type CheckedQuery, type ReadonlyLimits } from './run-in-transaction.js';

export type { CheckedQuery, ReadonlyLimits } from './run-in-transaction.js';

/** Guard, then run: the one entry point callers need. */
export async function runGuardedSql(client: SqlClient, sql: string, policy: SqlPolicy): Promise<ReadonlyOutcome> {
  await loadSqlGuard();
  const checked = checkSql(sql, policy);
  if (!checked.ok) return { ok: false, code: checked.code, message: checked.message, sql };
  return runReadonly(client, checked, {
    statementTimeoutMs: policy.statementTimeoutMs ?? 5_000,
    maxCost: policy.maxCost,
    schema: policy.schema,
    maxResultBytes: policy.maxResultBytes,
  });
}

const sandboxes = new WeakMap<SqlClient, PgliteSandbox>();

/** Sandbox options for a PGlite client (before its first guarded query); tests shorten the limits. */
export function configureSandbox(client: SqlClient, opts: SandboxOptions): void {
  if (sandboxes.has(client)) throw new Error('configureSandbox: the sandbox is already running');
  sandboxFor(client, opts);
}

function sandboxFor(client: SqlClient, opts: SandboxOptions = {}): PgliteSandbox | undefined {
  const existing = sandboxes.get(client);
  if (existing) return existing;
  const db = pgliteOf(client);
  if (!db) return undefined;
  const sandbox = new PgliteSandbox(db, opts);
  sandboxes.set(client, sandbox);
  onPgliteClose(client, () => sandbox.close());
  return sandbox;
}

/**
 * Runs an already-checked query. It fetches `limit + 1` rows so it can tell whether the row cap cut
 * anything, and returns at most `limit`.
 */
export async function runReadonly(client: SqlClient, query: CheckedQuery, limits: ReadonlyLimits): Promise<ReadonlyOutcome> {
  if (client.engine !== 'pglite') return runInReadonlyTransaction(client, query, limits);
  const sandbox = sandboxFor(client);
  if (sandbox) return sandbox.run(query, limits);
  // A PGlite client we did not open has no instance to snapshot; running it here could stall the process.
  return { ok: false, code: 'UNAVAILABLE', sql: query.normalized, message: 'The query did not run: this PGlite client cannot run guarded SQL in a sandbox.' };
}
