/** SqlClient over PGlite (PostgreSQL compiled to WASM, in-process, one connection). */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.js';

type Conn = Pick<Transaction, 'query' | 'exec'>;

/**
 * The PGlite behind each top-level client, and what to close with it. Guarded SQL needs the instance itself
 * (sql-readonly/pglite-sandbox snapshots it into a worker that can be stopped); the SqlClient contract hides it.
 */
const instances = new WeakMap<SqlClient, { db: PGlite; onClose: Array<() => Promise<void>> }>();

/** The PGlite instance behind a client from `createPgliteClient`, or undefined for any other client. */
export function pgliteOf(client: SqlClient): PGlite | undefined {
  return instances.get(client)?.db;
}

/** Runs `fn` when `client` closes (before the instance closes); a no-op for other clients. */
export function onPgliteClose(client: SqlClient, fn: () => Promise<void>): void {
  instances.get(client)?.onClose.push(fn);
}

function wrap(conn: Conn, db: PGlite, inTx: boolean): SqlClient {
  const self: SqlClient = {
    engine: 'pglite',
    async query<R>(text: string, params?: unknown[]) {
      const res = await conn.query<R>(text, params as unknown[] | undefined);
      return { rows: res.rows };
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (inTx) return fn(self);
      // PGlite has one connection; its transaction() holds the instance's mutex, so concurrent callers
      // queue behind it instead of interleaving statements inside our transaction.
      return db.transaction((tx) => fn(wrap(tx, db, true)));
    },
    async close() {
      if (inTx) return;
      const hooks = instances.get(self)?.onClose.splice(0) ?? [];
      await Promise.allSettled(hooks.map((fn) => fn()));
      if (!db.closed) await db.close();
    },
  };
  return self;
}

/** A client over an instance someone else opened (the guarded-SQL worker's snapshot); closing it closes `db`. */
export function clientForPglite(db: PGlite): SqlClient {
  return wrap(db, db, false);
}

/** `dataDir`: a directory (created if missing) or 'memory://' for a throwaway database. */
export async function createPgliteClient(dataDir: string): Promise<SqlClient> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  const client = wrap(db, db, false);
  instances.set(client, { db, onClose: [] });
  return client;
}
