/**
 * Core tables. Adapted from the seed's `otlp_ai_features` (aiops-platform-design.zh.md §AI feature model):
 * one row per (service, operation, resolution, window) instead of one wide row holding every resolution, so
 * a rollup or a late replay rewrites exactly one key. Times are timestamptz (readable for text-to-SQL);
 * counts are bigint; the latency sketch is the serialized DDSketch so coarser windows merge exactly.
 */
import type { Migration } from './types.js';

const FEATURE_COLUMNS = `
  service       text             NOT NULL,
  operation     text             NOT NULL DEFAULT '',
  resolution    text             NOT NULL CHECK (resolution IN ('1m', '5m', '15m', '1h')),
  window_start  timestamptz      NOT NULL,
  requests      bigint           NOT NULL,
  errors        bigint           NOT NULL,
  error_rate    double precision NOT NULL CHECK (error_rate >= 0 AND error_rate <= 1),
  throughput    double precision NOT NULL,
  p50_ms        double precision,
  p95_ms        double precision,
  p99_ms        double precision,
  max_ms        double precision,
  self_time_ms  double precision,
  sketch        bytea,
  cpu           double precision,
  memory        double precision,
  gc_ms         double precision,
  pool_use      double precision,
  log_total     bigint           NOT NULL DEFAULT 0,
  log_warn      bigint           NOT NULL DEFAULT 0,
  log_error     bigint           NOT NULL DEFAULT 0,
  PRIMARY KEY (service, operation, resolution, window_start)`;

// TimescaleDB: a hypertable with 1-hour chunks, as in the seed. Otherwise native range partitioning by day;
// daily partitions are created ahead by ensurePartitions() and the DEFAULT partition catches any row whose
// day has no partition yet, so an insert never fails for lack of a partition.
function featureTable(timescale: boolean): string {
  if (timescale) {
    return `
CREATE TABLE feature_windows (${FEATURE_COLUMNS}
);
SELECT create_hypertable('feature_windows', 'window_start', chunk_time_interval => INTERVAL '1 hour', if_not_exists => TRUE);`;
  }
  return `
CREATE TABLE feature_windows (${FEATURE_COLUMNS}
) PARTITION BY RANGE (window_start);
CREATE TABLE feature_windows_default PARTITION OF feature_windows DEFAULT;`;
}

export const init: Migration = {
  id: 1,
  name: 'init',
  up: ({ timescale }) => `
${featureTable(timescale)}
CREATE INDEX feature_windows_resolution_time ON feature_windows (resolution, window_start);

CREATE TABLE edge_windows (
  caller        text             NOT NULL,
  callee        text             NOT NULL,
  callee_kind   text             NOT NULL CHECK (callee_kind IN ('service', 'database', 'external')),
  resolution    text             NOT NULL CHECK (resolution IN ('1m', '5m', '15m', '1h')),
  window_start  timestamptz      NOT NULL,
  calls         bigint           NOT NULL,
  errors        bigint           NOT NULL,
  p50_ms        double precision,
  p99_ms        double precision,
  sketch        bytea,
  PRIMARY KEY (caller, callee, resolution, window_start)
);
CREATE INDEX edge_windows_time ON edge_windows (window_start);

CREATE TABLE graph_nodes (
  name       text        PRIMARY KEY,
  kind       text        NOT NULL CHECK (kind IN ('service', 'database', 'external')),
  last_seen  timestamptz NOT NULL
);

CREATE TABLE incidents (
  id           text        PRIMARY KEY,
  status       text        NOT NULL CHECK (status IN ('open', 'resolved')),
  severity     text        NOT NULL,
  opened_at    timestamptz NOT NULL,
  resolved_at  timestamptz,
  services     text[]      NOT NULL DEFAULT '{}',
  doc          jsonb       NOT NULL
);
CREATE INDEX incidents_opened_at ON incidents (opened_at DESC);
CREATE INDEX incidents_status_opened_at ON incidents (status, opened_at DESC);

CREATE TABLE state_kv (
  key         text        PRIMARY KEY,
  value       jsonb,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
`,
};
