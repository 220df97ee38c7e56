import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkSql, loadSqlGuard } from '../../src/query/sql-guard.js';
import { DEFAULT_SQL_POLICY, type SqlPolicy } from '../../src/query/sql-policy.js';
import { SQL_ATTACKS } from './sql-attacks.js';
import { LEGIT_QUERIES } from './sql-legit-queries.js';

const policy: SqlPolicy = { ...DEFAULT_SQL_POLICY, maxRows: 100 };

beforeAll(async () => {
  await loadSqlGuard();
});

describe('SQL guard: attack list', () => {
  it('has more than 40 items', () => {
    expect(SQL_ATTACKS.length).toBeGreaterThan(40);
  });

  it.each(SQL_ATTACKS.map((a) => [a.note, a] as const))('rejects: %s', (_note, attack) => {
    const result = checkSql(attack.sql, policy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const codes = Array.isArray(attack.code) ? attack.code : [attack.code];
    expect(codes).toContain(result.code);
    expect(result.message.toLowerCase()).toContain(attack.mentions.toLowerCase());
  });
});

describe('SQL guard: legitimate queries', () => {
  it.each(LEGIT_QUERIES.map((q) => [q.note, q] as const))('accepts: %s', (_note, query) => {
    const result = checkSql(query.sql, policy);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.limit).toBeLessThanOrEqual(policy.maxRows);
    for (const table of result.tables) expect(policy.allowedRelations).toContain(table);
    // What is shown and run must itself pass the guard unchanged.
    expect(checkSql(result.normalized, policy)).toMatchObject({ ok: true, normalized: result.normalized });
  });
});

describe('SQL guard: row limit', () => {
  it('wraps a query without LIMIT in LIMIT maxRows', () => {
    const r = checkSql('SELECT * FROM v_incidents', policy);
    expect(r).toMatchObject({ ok: true, wrapped: true, limit: 100 });
    if (r.ok) expect(r.normalized).toBe('SELECT * FROM (\nSELECT * FROM v_incidents\n) AS q LIMIT 100');
  });

  it('keeps a smaller LIMIT or FETCH FIRST as written', () => {
    expect(checkSql('SELECT * FROM v_incidents LIMIT 7', policy)).toMatchObject({ ok: true, wrapped: false, limit: 7, normalized: 'SELECT * FROM v_incidents LIMIT 7' });
    expect(checkSql('SELECT * FROM v_incidents FETCH FIRST 3 ROWS ONLY', policy)).toMatchObject({ ok: true, wrapped: false, limit: 3 });
  });

  it('wraps LIMIT above maxRows, LIMIT ALL, computed limits and WITH TIES', () => {
    for (const sql of [
      'SELECT * FROM v_incidents LIMIT 5000',
      'SELECT * FROM v_incidents LIMIT ALL',
      'SELECT * FROM v_incidents LIMIT 10 * 10 + 1',
      'SELECT * FROM v_incidents ORDER BY severity FETCH FIRST 5 ROWS WITH TIES',
    ]) {
      expect(checkSql(sql, policy), sql).toMatchObject({ ok: true, wrapped: true, limit: 100 });
    }
  });

  it('drops the trailing semicolon and survives a trailing line comment', () => {
    const r = checkSql('SELECT id FROM incidents; -- the end', policy);
    expect(r).toMatchObject({ ok: true, statement: 'SELECT id FROM incidents' });
    const c = checkSql('SELECT id FROM incidents -- no newline after this', policy);
    expect(c.ok && c.normalized.endsWith('\n) AS q LIMIT 100')).toBe(true);
  });

  it('slices non-ASCII statements by the parser byte offsets correctly', () => {
    const r = checkSql("SELECT 'é✓' AS mark, id FROM incidents WHERE id <> 'ü'; ", policy);
    expect(r).toMatchObject({ ok: true, statement: "SELECT 'é✓' AS mark, id FROM incidents WHERE id <> 'ü'" });
  });
});

describe('SQL guard: policy', () => {
  it('reports the allowed relations it reads, without CTE names', () => {
    const r = checkSql('WITH x AS (SELECT * FROM graph_nodes) SELECT * FROM x JOIN v_incidents ON true', policy);
    expect(r).toMatchObject({ ok: true, tables: ['graph_nodes', 'v_incidents'] });
  });

  it('follows a custom relation and function allow-list', () => {
    const narrow: SqlPolicy = { ...policy, allowedRelations: ['v_incidents'], allowedFunctions: ['max'] };
    expect(checkSql('SELECT max(opened_at) FROM v_incidents', narrow).ok).toBe(true);
    expect(checkSql('SELECT count(*) FROM v_incidents', narrow)).toMatchObject({ ok: false, code: 'FORBIDDEN_FUNCTION' });
    const r = checkSql('SELECT * FROM graph_nodes', narrow);
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_RELATION' });
    if (!r.ok) expect(r.message).toContain('v_incidents');
  });

  it('can switch off WITH RECURSIVE for engines without a statement timeout', () => {
    const sql = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
    expect(checkSql(sql, policy).ok).toBe(true);
    expect(checkSql(sql, { ...policy, allowRecursive: false })).toMatchObject({ ok: false, code: 'FORBIDDEN_SYNTAX' });
  });

  it('uses the configured maximum length', () => {
    expect(checkSql('SELECT 1', { ...policy, maxLength: 5 })).toMatchObject({ ok: false, code: 'TOO_LONG' });
  });

  it('refuses to run before the parser is loaded', async () => {
    vi.resetModules();
    const fresh = await import('../../src/query/sql-guard.js');
    expect(() => fresh.checkSql('SELECT 1', policy)).toThrow(/loadSqlGuard/);
  });
});
