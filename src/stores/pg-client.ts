/** SqlClient over a node-postgres Pool (PostgreSQL, TimescaleDB). */
import pg from 'pg';
import type { SqlClient } from './sql-client.js';

export interface PgClientOptions {
  /** Pool size; default 5. */
  max?: number;
  /** Sent as application_name, visible in pg_stat_activity. */
  applicationName?: string;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

function wrap(conn: Queryable, inTx: boolean, pool: pg.Pool): SqlClient {
  const self: SqlClient = {
    engine: 'postgres',
    async query<R>(text: string, params?: unknown[]) {
      const res = await conn.query(text, params as unknown[] | undefined);
      return { rows: res.rows as R[] };
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (inTx) return fn(self);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client, true, pool));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      if (!inTx && !pool.ended) await pool.end();
    },
  };
  return self;
}

export function createPgClient(url: string, opts: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 5, application_name: opts.applicationName ?? 'otlp-aiops' });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => undefined);
  return wrap(pool, false, pool);
}
