/**
 * Daily range partitions of feature_windows on plain PostgreSQL and PGlite (TimescaleDB uses chunks and
 * these functions do nothing there). Rows for a day without a partition land in the DEFAULT partition;
 * creating that day's partition later moves them out, because PostgreSQL refuses to create a partition
 * whose range still has rows in the default one.
 */
import type { SqlClient } from './sql-client.js';

export const DAY_MS = 86_400_000;
const PARENT = 'feature_windows';
const DEFAULT_PARTITION = 'feature_windows_default';
const PARTITION_LOCK = 0x6169_6f71;

/** Days with a partition, per root client, so a write checks the catalog only for days it has not seen. */
const known = new WeakMap<SqlClient, Set<number> | 'hypertable'>();

export function partitionName(dayStartMs: number): string {
  return `${PARENT}_p${new Date(dayStartMs).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

function dayOf(name: string): number | null {
  const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** True when feature_windows is natively partitioned (false on a TimescaleDB hypertable). */
export async function isPartitioned(client: SqlClient): Promise<boolean> {
  const res = await client.query<{ relkind: string }>(`SELECT relkind::text AS relkind FROM pg_class WHERE oid = to_regclass($1)`, [PARENT]);
  return res.rows[0]?.relkind === 'p';
}

export interface PartitionInfo {
  name: string;
  /** UTC day start covered, null for the DEFAULT partition. */
  dayStart: number | null;
}

export async function listPartitions(client: SqlClient): Promise<PartitionInfo[]> {
  const res = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = to_regclass($1) ORDER BY c.relname`,
    [PARENT],
  );
  return res.rows.map((r) => ({ name: r.name, dayStart: dayOf(r.name) }));
}

async function createDay(client: SqlClient, day: number): Promise<boolean> {
  const name = partitionName(day);
  const from = new Date(day).toISOString();
  const to = new Date(day + DAY_MS).toISOString();
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    if ((await tx.query(`SELECT to_regclass($1) AS r`, [name])).rows[0]?.r) return false;
    await tx.exec(`CREATE TABLE ${name} (LIKE ${PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await tx.query(
      `WITH moved AS (DELETE FROM ${DEFAULT_PARTITION} WHERE window_start >= $1::timestamptz AND window_start < $2::timestamptz RETURNING *)
       INSERT INTO ${name} SELECT * FROM moved`,
      [from, to],
    );
    await tx.exec(`ALTER TABLE ${PARENT} ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`);
    return true;
  });
}

/** Most days one `ensurePartitions` range may span; a wider range keeps its newest days (the rest use DEFAULT). */
export const MAX_RANGE_DAYS = 62;
/** Most partitions one write creates (`ensurePartitionsForRows`); rows of further days land in DEFAULT meanwhile. */
export const MAX_NEW_PARTITIONS_PER_WRITE = 3;

async function knownDays(client: SqlClient): Promise<Set<number> | null> {
  const days = known.get(client);
  if (days === 'hypertable') return null;
  if (days) return days;
  if (!(await isPartitioned(client))) {
    known.set(client, 'hypertable');
    return null;
  }
  const found = new Set((await listPartitions(client)).flatMap((p) => (p.dayStart === null ? [] : [p.dayStart])));
  known.set(client, found);
  return found;
}

async function createDays(client: SqlClient, days: Set<number>, wanted: number[]): Promise<string[]> {
  const created: string[] = [];
  for (const day of wanted) {
    if (days.has(day)) continue;
    if (await createDay(client, day)) created.push(partitionName(day));
    days.add(day);
  }
  return created;
}

/**
 * Makes sure every UTC day overlapping [fromMs, toMs) has its partition (at most the newest MAX_RANGE_DAYS of it).
 * Returns the partitions created. Safe to run concurrently from several processes (advisory lock plus an existence check).
 */
export async function ensurePartitions(client: SqlClient, fromMs: number, toMs: number): Promise<string[]> {
  const days = await knownDays(client);
  if (days === null) return [];
  const first = Math.max(Math.floor(fromMs / DAY_MS) * DAY_MS, Math.floor((toMs - 1) / DAY_MS) * DAY_MS - (MAX_RANGE_DAYS - 1) * DAY_MS);
  const wanted: number[] = [];
  for (let day = first; day < toMs; day += DAY_MS) wanted.push(day);
  return createDays(client, days, wanted);
}

/**
 * Partitions for the days that rows are actually written to, never the days in between (one 1990 row next to a
 * current one used to create 13,000 partitions synchronously). At most `maxNew` are created per call, newest day
 * first; rows of the other days are still stored, in the DEFAULT partition, until a later write or the maintenance
 * job creates theirs (creating a day moves its rows out of DEFAULT).
 */
export async function ensurePartitionsForRows(client: SqlClient, windowStarts: Iterable<number>, maxNew = MAX_NEW_PARTITIONS_PER_WRITE): Promise<string[]> {
  const days = await knownDays(client);
  if (days === null) return [];
  const missing = new Set<number>();
  for (const t of windowStarts) {
    const day = Math.floor(t / DAY_MS) * DAY_MS;
    if (!days.has(day)) missing.add(day);
  }
  const wanted = [...missing].sort((a, b) => b - a).slice(0, maxNew);
  return createDays(client, days, wanted);
}

/** Drops whole daily partitions that end at or before `cutoffMs`; returns their names and row count. */
export async function dropPartitionsBefore(client: SqlClient, cutoffMs: number): Promise<{ dropped: string[]; rows: number }> {
  if (!(await isPartitioned(client))) return { dropped: [], rows: 0 };
  const old = (await listPartitions(client)).filter((p) => p.dayStart !== null && p.dayStart + DAY_MS <= cutoffMs);
  let rows = 0;
  for (const p of old) {
    rows += (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${p.name}`)).rows[0]?.n ?? 0;
    await client.exec(`DROP TABLE IF EXISTS ${p.name}`);
    const days = known.get(client);
    if (days instanceof Set) days.delete(p.dayStart!);
  }
  return { dropped: old.map((p) => p.name), rows };
}
