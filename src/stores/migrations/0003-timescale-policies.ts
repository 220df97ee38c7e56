/**
 * TimescaleDB extras (only where the extension is installed): an hourly continuous aggregate, compression
 * after 7 days and a retention policy. Raw retention is 400 days, the longest per-resolution retention,
 * not the seed's 90: feature_windows also holds the 1h rows, which the per-resolution job
 * (applyRetention) keeps for 400 days; it deletes finer resolutions sooner. On plain PostgreSQL this
 * migration is a no-op and applyRetention plus daily partitions do the same work.
 * The aggregate is created WITH NO DATA because a continuous aggregate that materializes cannot be
 * created inside a transaction block, and migrations run in one.
 */
import type { Migration } from './types.js';

export const timescalePolicies: Migration = {
  id: 3,
  name: 'timescale-policies',
  up: ({ timescale }) => {
    if (!timescale) return `SELECT 1; -- timescaledb not installed: partitions and applyRetention() instead`;
    return `
CREATE MATERIALIZED VIEW feature_windows_1h_cagg WITH (timescaledb.continuous) AS
SELECT time_bucket(INTERVAL '1 hour', window_start) AS bucket, service, operation,
       sum(requests) AS requests, sum(errors) AS errors, max(p99_ms) AS max_p99_ms, max(max_ms) AS max_ms,
       avg(cpu) AS avg_cpu, avg(memory) AS avg_memory, sum(log_error) AS log_error
FROM feature_windows
WHERE resolution = '1m'
GROUP BY bucket, service, operation
WITH NO DATA;
COMMENT ON VIEW feature_windows_1h_cagg IS 'Hourly rollup of 1-minute feature rows (TimescaleDB continuous aggregate); max_p99_ms is an upper bound of the hour p99.';
SELECT add_continuous_aggregate_policy('feature_windows_1h_cagg', start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
ALTER TABLE feature_windows SET (timescaledb.compress, timescaledb.compress_segmentby = 'service, operation, resolution', timescaledb.compress_orderby = 'window_start DESC');
SELECT add_compression_policy('feature_windows', INTERVAL '7 days');
SELECT add_retention_policy('feature_windows', INTERVAL '400 days');
SELECT add_retention_policy('feature_windows_1h_cagg', INTERVAL '400 days');
`;
  },
};
