/** Column mapping between FeatureWindow and feature_windows, and the SQL built from it. */
import type { FeatureWindow, Resolution } from '../core/index.js';
import { msToTs, toBytes, toHex, tsToMs } from './sql-util.js';

type Col = { name: string; type: 'text' | 'bigint' | 'float8'; get: (w: FeatureWindow) => unknown; key?: true };

const count = (v: number) => Math.round(v);

/** Array element type per column; window_start travels as epoch ms and sketch as hex text. */
const COLS: Col[] = [
  { name: 'service', type: 'text', get: (w) => w.service, key: true },
  { name: 'operation', type: 'text', get: (w) => w.operation, key: true },
  { name: 'resolution', type: 'text', get: (w) => w.resolution, key: true },
  { name: 'window_start', type: 'bigint', get: (w) => w.windowStart, key: true },
  { name: 'requests', type: 'bigint', get: (w) => count(w.requests) },
  { name: 'errors', type: 'bigint', get: (w) => count(w.errors) },
  { name: 'error_rate', type: 'float8', get: (w) => w.errorRate },
  { name: 'throughput', type: 'float8', get: (w) => w.throughput },
  { name: 'p50_ms', type: 'float8', get: (w) => w.p50Ms },
  { name: 'p95_ms', type: 'float8', get: (w) => w.p95Ms },
  { name: 'p99_ms', type: 'float8', get: (w) => w.p99Ms },
  { name: 'max_ms', type: 'float8', get: (w) => w.maxMs },
  { name: 'self_time_ms', type: 'float8', get: (w) => w.selfTimeMs ?? null },
  { name: 'sketch', type: 'text', get: (w) => toHex(w.sketch) },
  { name: 'cpu', type: 'float8', get: (w) => w.cpu },
  { name: 'memory', type: 'float8', get: (w) => w.memory },
  { name: 'gc_ms', type: 'float8', get: (w) => w.gcMs },
  { name: 'pool_use', type: 'float8', get: (w) => w.poolUse },
  { name: 'log_total', type: 'bigint', get: (w) => count(w.logTotal) },
  { name: 'log_warn', type: 'bigint', get: (w) => count(w.logWarn) },
  { name: 'log_error', type: 'bigint', get: (w) => count(w.logError) },
];

function valueExpr(c: Col): string {
  if (c.name === 'window_start') return msToTs('t.window_start');
  if (c.name === 'sketch') return `decode(t.sketch, 'hex')`;
  return `t.${c.name}`;
}

const names = COLS.map((c) => c.name).join(', ');
const updatable = COLS.filter((c) => !c.key).map((c) => c.name);

/**
 * One statement per chunk whatever its size: each column is one array parameter unnested server-side, so
 * the 65535-parameter limit never applies. The WHERE on DO UPDATE skips identical rows, so a replay writes
 * no new tuple versions.
 */
export const UPSERT_FEATURES_SQL = `
INSERT INTO feature_windows (${names})
SELECT ${COLS.map(valueExpr).join(', ')}
FROM unnest(${COLS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS t(${names})
ON CONFLICT (service, operation, resolution, window_start) DO UPDATE SET
  ${updatable.map((n) => `${n} = excluded.${n}`).join(', ')}
WHERE (${updatable.map((n) => `feature_windows.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `excluded.${n}`).join(', ')})`;

export function upsertParams(rows: readonly FeatureWindow[]): unknown[][] {
  return COLS.map((c) => rows.map(c.get));
}

export const featureKey = (w: FeatureWindow) => `${w.service}\u0000${w.operation}\u0000${w.resolution}\u0000${w.windowStart}`;

export const SELECT_FEATURES_SQL = `SELECT service, operation, resolution, ${tsToMs('window_start')} AS window_start,
  requests::float8 AS requests, errors::float8 AS errors, error_rate, throughput, p50_ms, p95_ms, p99_ms, max_ms,
  self_time_ms, sketch, cpu, memory, gc_ms, pool_use,
  log_total::float8 AS log_total, log_warn::float8 AS log_warn, log_error::float8 AS log_error
FROM feature_windows`;

export interface FeatureRow {
  service: string;
  operation: string;
  resolution: Resolution;
  window_start: number;
  requests: number;
  errors: number;
  error_rate: number;
  throughput: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  self_time_ms: number | null;
  sketch: Uint8Array | null;
  cpu: number | null;
  memory: number | null;
  gc_ms: number | null;
  pool_use: number | null;
  log_total: number;
  log_warn: number;
  log_error: number;
}

export function fromRow(r: FeatureRow): FeatureWindow {
  return {
    service: r.service,
    operation: r.operation,
    resolution: r.resolution,
    windowStart: r.window_start,
    requests: r.requests,
    errors: r.errors,
    errorRate: r.error_rate,
    throughput: r.throughput,
    p50Ms: r.p50_ms,
    p95Ms: r.p95_ms,
    p99Ms: r.p99_ms,
    maxMs: r.max_ms,
    selfTimeMs: r.self_time_ms,
    sketch: toBytes(r.sketch),
    cpu: r.cpu,
    memory: r.memory,
    gcMs: r.gc_ms,
    poolUse: r.pool_use,
    logTotal: r.log_total,
    logWarn: r.log_warn,
    logError: r.log_error,
  };
}
