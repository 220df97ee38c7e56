/** SqlClient over PGlite (PostgreSQL compiled to WASM, in-process, one connection). */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.js';

type Conn = Pick<Transaction, 'query' | 'exec'>;

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
      if (!inTx && !db.closed) await db.close();
    },
  };
  return self;
}

/** `dataDir`: a directory (created if missing) or 'memory://' for a throwaway database. */
export async function createPgliteClient(dataDir: string): Promise<SqlClient> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return wrap(db, db, false);
}
