/**
 * Executor checks shared by the PGlite and PostgreSQL suites: every legitimate query runs and returns what
 * running it directly returns; the guard's refusals never reach the database.
 */
import { expect, it } from 'vitest';
import { checkSql, loadSqlGuard } from '../../src/query/sql-guard.js';
import type { SqlPolicy } from '../../src/query/sql-policy.js';
import { runGuardedSql } from '../../src/stores/sql-readonly/run-readonly.js';
import type { SqlClient } from '../../src/stores/sql-client.js';
import { SQL_ATTACKS } from './sql-attacks.js';
import { LEGIT_QUERIES } from './sql-legit-queries.js';

export function legitQueryCases(client: () => SqlClient, policy: SqlPolicy): void {
  it.each(LEGIT_QUERIES.map((q) => [q.note, q] as const))('runs: %s', async (_note, query) => {
    await loadSqlGuard();
    const checked = checkSql(query.sql, policy);
    if (!checked.ok) throw new Error(checked.message);
    const out = await runGuardedSql(client(), query.sql, policy);
    if (!out.ok) throw new Error(`${out.code}: ${out.message}`);
    const direct = (await client().query<Record<string, unknown>>(checked.statement)).rows.slice(0, checked.limit);
    expect(out.rowCount).toBeGreaterThan(0);
    expect(out.rows).toEqual(direct);
    expect(out.columns).toEqual(Object.keys(direct[0]!));
    expect(out.sql).toBe(checked.normalized);
  });
}

export function attacksNeverReachTheDatabase(client: () => SqlClient, policy: SqlPolicy): void {
  it('answers every attack with the guard refusal and leaves the data as it was', async () => {
    const count = async () => (await client().query<{ n: string | number }>(
      'SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM graph_nodes) AS n')).rows[0]!.n;
    const before = await count();
    for (const attack of SQL_ATTACKS) {
      const out = await runGuardedSql(client(), attack.sql, policy);
      const codes = Array.isArray(attack.code) ? attack.code : [attack.code];
      expect(out.ok, attack.note).toBe(false);
      if (!out.ok) expect(codes, attack.note).toContain(out.code);
    }
    expect(await count()).toEqual(before);
    expect((await client().query('SELECT 1 FROM pg_tables WHERE tablename = $1', ['stolen'])).rows).toHaveLength(0);
  });
}
