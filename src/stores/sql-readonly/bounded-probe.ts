/**
 * The query actually sent for a guarded SELECT: it caps rows (`limit + 1`, so a cut is visible) and result
 * bytes inside the database, so an oversized row (a 100 MB `string_agg`) is never shipped to the client.
 * Each row's size is the length of its text form; rows are kept while the running total stays within the
 * cap. A LEFT JOIN onto the one-row totals keeps the column names visible when no row is returned.
 */

/** Quoted names with a dot: a query cannot produce them by accident, and they are removed from the rows. */
const BYTES_THROUGH = 'aiops.bytes_through';
const ROW_COUNT = 'aiops.row_count';
const INTERNAL = new Set([BYTES_THROUGH, ROW_COUNT]);

export function boundedProbe(statement: string, limit: number, maxBytes: number): string {
  const rows = Math.max(0, Math.floor(limit)) + 1;
  const bytes = Math.max(0, Math.floor(maxBytes));
  // Newlines around the statement: one ending in a `--` comment must not comment out the rest.
  return `WITH "aiops.rows" AS MATERIALIZED (
  SELECT aiops_q.*, sum(octet_length(ROW(aiops_q.*)::text)) OVER (ROWS UNBOUNDED PRECEDING) AS "${BYTES_THROUGH}"
  FROM (SELECT * FROM (
${statement}
) AS aiops_q0 LIMIT ${rows}) AS aiops_q
), "aiops.total" AS (SELECT count(*) AS "${ROW_COUNT}" FROM "aiops.rows")
SELECT r.*, t."${ROW_COUNT}" FROM "aiops.total" AS t LEFT JOIN "aiops.rows" AS r ON r."${BYTES_THROUGH}" <= ${bytes}`;
}

export interface ProbeRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows the query produced, up to `limit + 1`. */
  produced: number;
}

/** Strips the bookkeeping columns; the single all-NULL row of an empty (or fully cut) result is dropped. */
export function unpackProbe(raw: Record<string, unknown>[]): ProbeRows {
  const first = raw[0];
  if (!first) return { columns: [], rows: [], produced: 0 };
  const produced = Number(first[ROW_COUNT] ?? 0);
  const columns = Object.keys(first).filter((k) => !INTERNAL.has(k));
  const kept = raw.filter((r) => r[BYTES_THROUGH] !== null && r[BYTES_THROUGH] !== undefined);
  const rows = kept.map((r) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = r[c];
    return out;
  });
  return { columns, rows, produced };
}
