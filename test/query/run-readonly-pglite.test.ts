import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SQL_POLICY, type SqlPolicy } from '../../src/query/sql-policy.js';
import { createPgliteClient } from '../../src/stores/pglite-client.js';
import type { SqlClient } from '../../src/stores/sql-client.js';
import { runGuardedSql, runReadonly, type CheckedQuery } from '../../src/stores/sql-readonly/run-readonly.js';
import { FEATURE_ROWS, seedAnalytics } from './analytics-fixture.js';
import { attacksNeverReachTheDatabase, legitQueryCases } from './readonly-cases.js';

const policy: SqlPolicy = { ...DEFAULT_SQL_POLICY, maxRows: 1_000 };
let client: SqlClient;

/** Runs SQL with the guard bypassed, as if the guard had a bug. */
const unguarded = (statement: string, limit = 10): CheckedQuery => ({ statement, normalized: statement, limit });

beforeAll(async () => {
  client = await createPgliteClient('memory://');
  await seedAnalytics(client);
});

afterAll(async () => {
  await client?.close();
});

describe('read-only executor on PGlite: legitimate queries', () => {
  legitQueryCases(() => client, policy);
});

describe('read-only executor on PGlite: guard in front', () => {
  attacksNeverReachTheDatabase(() => client, policy);

  it('flags truncation by the row limit but not by the query own LIMIT', async () => {
    const cut = await runGuardedSql(client, 'SELECT * FROM feature_windows', { ...policy, maxRows: 100 });
    expect(cut).toMatchObject({ ok: true, rowCount: 100, truncated: true });
    if (cut.ok) expect(cut.sql).toMatch(/\) AS q LIMIT 100$/);
    const own = await runGuardedSql(client, 'SELECT * FROM feature_windows LIMIT 50', { ...policy, maxRows: 100 });
    expect(own).toMatchObject({ ok: true, rowCount: 50, truncated: false });
    const exact = await runGuardedSql(client, 'SELECT * FROM graph_nodes', { ...policy, maxRows: 5 });
    expect(exact).toMatchObject({ ok: true, rowCount: 5, truncated: false });
    const all = await runGuardedSql(client, 'SELECT * FROM feature_windows', { ...policy, maxRows: FEATURE_ROWS });
    expect(all).toMatchObject({ ok: true, rowCount: FEATURE_ROWS, truncated: false });
  });

  it('refuses a plan above the cost limit and names the estimate', async () => {
    const sql = 'SELECT count(*) FROM feature_windows a CROSS JOIN feature_windows b';
    const plan = await client.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${sql}`);
    const cost = (plan.rows[0]!['QUERY PLAN'] as Array<{ Plan: { 'Total Cost': number } }>)[0]!.Plan['Total Cost'];
    const out = await runGuardedSql(client, sql, { ...policy, maxCost: cost / 2 });
    expect(out).toMatchObject({ ok: false, code: 'COST_LIMIT' });
    if (!out.ok) expect(out.message).toContain(String(Math.round(cost)));
    const cheap = await runGuardedSql(client, 'SELECT count(*) AS n FROM graph_nodes', { ...policy, maxCost: cost / 2 });
    expect(cheap).toMatchObject({ ok: true, rows: [{ n: 5 }] });
    if (cheap.ok) expect(cheap.estimatedCost).toBeGreaterThan(0);
  });

  it('returns column names for an empty result', async () => {
    const out = await runGuardedSql(client, "SELECT id, severity FROM v_incidents WHERE status = 'nope'", policy);
    expect(out).toMatchObject({ ok: true, rowCount: 0, columns: ['id', 'severity'], truncated: false });
  });

  it('maps a PostgreSQL error to a message the model can act on', async () => {
    const out = await runGuardedSql(client, 'SELECT no_such_column FROM v_incidents', policy);
    expect(out).toMatchObject({ ok: false, code: 'EXECUTION_ERROR' });
    if (!out.ok) expect(out.message).toMatch(/42703.*no_such_column/);
  });
});

describe('read-only executor on PGlite: without the guard (defence in depth)', () => {
  it('a write smuggled into a SELECT fails with the read-only error', async () => {
    const out = await runReadonly(client, unguarded('SELECT query_test_write()'), { statementTimeoutMs: 5_000 });
    expect(out).toMatchObject({ ok: false, code: 'READ_ONLY' });
    if (!out.ok) expect(out.message).toMatch(/read-only transaction/);
    const seq = await runReadonly(client, unguarded("SELECT nextval('query_test_seq')"), { statementTimeoutMs: 5_000 });
    expect(seq).toMatchObject({ ok: false, code: 'READ_ONLY' });
    expect((await client.query("SELECT 1 FROM graph_nodes WHERE name = 'intruder'")).rows).toHaveLength(0);
  });

  it('always rolls back, so settings changed inside do not leak to the session', async () => {
    const before = (await client.query<{ application_name: string }>('SHOW application_name')).rows[0]!.application_name;
    const out = await runReadonly(client, unguarded("SELECT set_config('application_name', 'pwned', false) AS v"), { statementTimeoutMs: 5_000 });
    expect(out).toMatchObject({ ok: true, rows: [{ v: 'pwned' }] });
    expect((await client.query<{ application_name: string }>('SHOW application_name')).rows[0]!.application_name).toBe(before);
    expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]!.search_path).not.toContain('pg_temp');
  });
});
