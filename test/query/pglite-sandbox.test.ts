/**
 * Issue 12 (item 6): guarded SQL on PGlite once ran on the server's thread with no time limit (a 30M-row
 * count 8.6 s, a 3000×3000 cross join 3.6 s, a 96 MB string_agg), stalling ingest and the API. Each is now
 * stopped at its limit with a clear error while the event loop, the main database and an HTTP endpoint keep
 * answering.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SQL_POLICY, type SqlPolicy } from '../../src/query/sql-policy.js';
import { createPgliteClient } from '../../src/stores/pglite-client.js';
import type { SqlClient } from '../../src/stores/sql-client.js';
import { configureSandbox, runGuardedSql } from '../../src/stores/sql-readonly/run-readonly.js';
import { seedAnalytics } from './analytics-fixture.js';

const LIMIT_MS = 1_500;
/** Cost guard off: these queries must be stopped by the time limit itself, not refused by the planner's estimate. */
const policy: SqlPolicy = { ...DEFAULT_SQL_POLICY, maxCost: undefined, statementTimeoutMs: LIMIT_MS };
let client: SqlClient;
let server: Server;
let healthz: string;

beforeAll(async () => {
  client = await createPgliteClient('memory://');
  // Writes during a heavy query must not trigger a snapshot refresh here: the clock below times the query alone.
  configureSandbox(client, { snapshotMaxAgeMs: 600_000 });
  await seedAnalytics(client);
  await client.exec('CREATE TABLE ingest_probe (n int)');
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  healthz = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
});

afterAll(async () => {
  await client?.close();
  await new Promise((ok) => server?.close(ok));
});

/** Longest gap between 20 ms ticks while `work` runs: how long the event loop was blocked. */
async function maxStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 20);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(tick);
  }
}

const heavy: Array<[string, string]> = [
  ['a 30M-row generate_series count', 'SELECT count(*) AS n FROM generate_series(1, 30000000) AS g'],
  ['a 20000×20000 cross join', 'SELECT count(*) AS n FROM generate_series(1, 20000) AS a CROSS JOIN generate_series(1, 20000) AS b WHERE a + b > 0'],
  ['a ~100 MB string_agg', "SELECT length(string_agg(md5(g::text), ',')) AS n FROM generate_series(1, 3000000) AS g"],
];

describe('guarded SQL on PGlite is stopped at its time limit', () => {
  it.each(heavy)('%s: TIMEOUT within the limit while the server keeps answering', async (_name, sql) => {
    // Warm the sandbox (a snapshot load after the previous kill), so the clock below times the query alone.
    expect(await runGuardedSql(client, 'SELECT count(*) AS n FROM graph_nodes', policy)).toMatchObject({ ok: true, rows: [{ n: 5 }] });

    const started = performance.now();
    const query = runGuardedSql(client, sql, policy).then((r) => ({ r, at: performance.now() }));
    const { result, stallMs } = await maxStall((async () => {
      const write = await client.query('INSERT INTO ingest_probe VALUES (1) RETURNING n').then(() => performance.now());
      const health = await fetch(healthz).then(async (res) => ({ status: res.status, at: performance.now() }));
      return { write, health, q: await query };
    })());

    expect(result.q.r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    if (!result.q.r.ok) expect(result.q.r.message).toContain(`${LIMIT_MS} ms time limit`);
    expect(result.q.at - started).toBeGreaterThanOrEqual(LIMIT_MS - 5);
    expect(result.q.at - started).toBeLessThan(LIMIT_MS + 1_500);
    // Ingest (a write to the main database) and /healthz finished while the query was still running.
    expect(result.write).toBeLessThan(result.q.at);
    expect(result.health).toMatchObject({ status: 200 });
    expect(result.health.at).toBeLessThan(result.q.at);
    expect(stallMs).toBeLessThan(500);
  });

  it('runs the next query normally after a kill, on current data', async () => {
    await client.query("INSERT INTO graph_nodes (name, kind, last_seen) VALUES ('after-kill', 'service', now())");
    const out = await runGuardedSql(client, "SELECT name FROM graph_nodes WHERE name = 'after-kill'", policy);
    expect(out).toMatchObject({ ok: true, rows: [{ name: 'after-kill' }] });
    const probes = await runGuardedSql(client, 'SELECT count(*) AS n FROM graph_nodes', policy);
    expect(probes).toMatchObject({ ok: true, rows: [{ n: 6 }] });
  });
});

describe('guarded SQL result size cap', () => {
  it('cuts rows past the byte cap and says so', async () => {
    // Each row's text form is "(<32 hex chars>)": 34 bytes, so 1000 bytes hold 29 rows.
    const out = await runGuardedSql(client, 'SELECT md5(g::text) AS h FROM generate_series(1, 100) AS g', { ...policy, maxResultBytes: 1_000 });
    expect(out).toMatchObject({ ok: true, rowCount: 29, truncated: true, columns: ['h'] });
  });

  it('refuses a single row larger than the cap with RESULT_TOO_LARGE', async () => {
    const out = await runGuardedSql(client, "SELECT string_agg(md5(g::text), ',') AS s FROM generate_series(1, 10000) AS g", { ...policy, maxResultBytes: 64 * 1024 });
    expect(out).toMatchObject({ ok: false, code: 'RESULT_TOO_LARGE' });
    if (!out.ok) expect(out.message).toContain('65536-byte result limit');
  });

  it('keeps a result that fits whole, untruncated', async () => {
    const out = await runGuardedSql(client, 'SELECT g AS n FROM generate_series(1, 3) AS g', { ...policy, maxResultBytes: 1_000 });
    expect(out).toMatchObject({ ok: true, rows: [{ n: 1 }, { n: 2 }, { n: 3 }], truncated: false });
  });
});
