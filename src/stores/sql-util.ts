import type { AiopsMetrics } from '../obs/metrics.js';

/**
 * Observes a write in `aiops_store_write_seconds`. Labels name the table (store) and statement (op), so
 * they do not collide with the pipeline's own per-port timings (store=features|graph|incidents).
 */
export async function timedWrite<T>(metrics: AiopsMetrics | undefined, store: string, op: string, fn: () => Promise<T>): Promise<T> {
  if (!metrics) return fn();
  const end = metrics.storeWriteSeconds.startTimer({ store, op });
  try {
    return await fn();
  } finally {
    end();
  }
}

/** Splits rows so one statement never carries an unbounded array. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Last row wins for a repeated key: one INSERT … ON CONFLICT cannot update the same row twice. */
export function dedupeBy<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(key(r), r);
  return [...byKey.values()];
}

export function toHex(bytes: Uint8Array | null): string | null {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : null;
}

/** node-postgres returns Buffer, PGlite Uint8Array; callers get a plain Uint8Array either way. */
export function toBytes(v: Uint8Array | null): Uint8Array | null {
  return v ? new Uint8Array(v) : null;
}

/** SQL for an epoch-ms bigint parameter as timestamptz (exact integer arithmetic, no float seconds). */
export const msToTs = (param: string) => `('epoch'::timestamptz + ${param}::bigint * INTERVAL '1 millisecond')`;
/** SQL for a timestamptz column as epoch ms (float8 so both drivers return a JS number). */
export const tsToMs = (col: string) => `(EXTRACT(EPOCH FROM ${col}) * 1000)::float8`;

/**
 * Query bounds clamped into both a JS Date and PostgreSQL's timestamptz (4713 BC to 294276 AD), so
 * ±Infinity means "unbounded": -2.1e14 ms is about 4684 BC, 8.64e15 ms is the largest JS Date.
 */
const MIN_MS = -2.1e14;
const MAX_MS = 8.64e15;
export function clampMs(ms: number): number {
  if (Number.isNaN(ms)) throw new RangeError('time bound is NaN');
  return Math.max(MIN_MS, Math.min(MAX_MS, Math.floor(ms)));
}
