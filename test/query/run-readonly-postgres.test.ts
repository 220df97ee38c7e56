import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SQL_POLICY, type SqlPolicy } from '../../src/query/sql-policy.js';
import { createPgClient } from '../../src/stores/pg-client.js';
import type { SqlClient } from '../../src/stores/sql-client.js';
import { runGuardedSql, runReadonly } from '../../src/stores/sql-readonly/run-readonly.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { seedAnalytics } from './analytics-fixture.js';
import { attacksNeverReachTheDatabase, legitQueryCases } from './readonly-cases.js';

const adminUrl = inject('pgUrl');
const policy: SqlPolicy = { ...DEFAULT_SQL_POLICY, maxRows: 1_000 };

if (adminUrl) {
  let db: TestDatabase;
  let client: SqlClient;

  beforeAll(async () => {
    db = await createTestDatabase(adminUrl);
    client = createPgClient(db.url, { max: 2 });
    await seedAnalytics(client);
  });

  afterAll(async () => {
    await client?.close();
    await db?.drop();
  });

  describe('read-only executor on PostgreSQL: legitimate queries', () => {
    legitQueryCases(() => client, policy);
  });

  describe('read-only executor on PostgreSQL: limits', () => {
    attacksNeverReachTheDatabase(() => client, policy);

    it('statement_timeout cancels a slow query the guard accepts', async () => {
      const started = performance.now();
      const out = await runGuardedSql(client,
        'SELECT count(*) FROM generate_series(1, 100000) a CROSS JOIN generate_series(1, 100000) b',
        { ...policy, maxCost: undefined, statementTimeoutMs: 300 });
      expect(out).toMatchObject({ ok: false, code: 'TIMEOUT' });
      if (!out.ok) expect(out.message).toContain('300 ms');
      expect(performance.now() - started).toBeLessThan(5_000);
    });

    it('statement_timeout holds with the guard bypassed (pg_sleep)', async () => {
      const out = await runReadonly(client, { statement: 'SELECT pg_sleep(10)', normalized: 'SELECT pg_sleep(10)', limit: 1 }, { statementTimeoutMs: 200 });
      expect(out).toMatchObject({ ok: false, code: 'TIMEOUT' });
    });

    it('the cost guard refuses the same query before it runs', async () => {
      const out = await runGuardedSql(client,
        'SELECT count(*) FROM generate_series(1, 100000) a CROSS JOIN generate_series(1, 100000) b', { ...policy, maxCost: 1_000_000 });
      expect(out).toMatchObject({ ok: false, code: 'COST_LIMIT' });
      if (!out.ok) expect(out.message).toMatch(/estimates a cost of \d+, above the limit of 1000000/);
    });

    it('a write smuggled past the guard fails with the read-only error', async () => {
      const q = { statement: 'SELECT query_test_write()', normalized: 'SELECT query_test_write()', limit: 1 };
      const out = await runReadonly(client, q, { statementTimeoutMs: 5_000 });
      expect(out).toMatchObject({ ok: false, code: 'READ_ONLY' });
      expect((await client.query("SELECT 1 FROM graph_nodes WHERE name = 'intruder'")).rows).toHaveLength(0);
    });

    it('a connection handed back to the pool carries no leftover settings', async () => {
      await runGuardedSql(client, 'SELECT count(*) FROM v_incidents', { ...policy, statementTimeoutMs: 1234 });
      const settings = await client.transaction(async (tx) => (await tx.query<{ t: string; ro: string }>(
        "SELECT current_setting('statement_timeout') AS t, current_setting('transaction_read_only') AS ro")).rows[0]);
      expect(settings).toEqual({ t: '0', ro: 'off' });
    });
  });
} else {
  describe.skip(`read-only executor on PostgreSQL skipped: ${inject('pgSkipReason') || 'no server (set DATABASE_URL)'}`, () => {
    it('runs the read-only executor suite on PostgreSQL', () => {});
  });
}
