/**
 * Documented views for text-to-SQL and humans: stable names and units, comments read by the query agent
 * (`obj_description` / `col_description`), so the generator never has to learn the raw tables.
 */
import type { Migration } from './types.js';

export const views: Migration = {
  id: 2,
  name: 'views',
  up: () => `
CREATE VIEW v_service_features AS
SELECT service, resolution, window_start,
       window_start + CASE resolution WHEN '1m' THEN INTERVAL '1 minute' WHEN '5m' THEN INTERVAL '5 minutes'
                                      WHEN '15m' THEN INTERVAL '15 minutes' ELSE INTERVAL '1 hour' END AS window_end,
       requests, errors, error_rate, throughput AS requests_per_second,
       p50_ms, p95_ms, p99_ms, max_ms, cpu, memory, gc_ms, pool_use, log_total, log_warn, log_error
FROM feature_windows
WHERE operation = '';
COMMENT ON VIEW v_service_features IS 'Service-level golden signals per time window (all operations merged). Filter on resolution (1m, 5m, 15m, 1h) and window_start; one row per service, resolution and window.';
COMMENT ON COLUMN v_service_features.service IS 'service.name of the OpenTelemetry resource';
COMMENT ON COLUMN v_service_features.resolution IS 'window length: 1m, 5m, 15m or 1h';
COMMENT ON COLUMN v_service_features.window_start IS 'window start (inclusive), event time';
COMMENT ON COLUMN v_service_features.window_end IS 'window end (exclusive)';
COMMENT ON COLUMN v_service_features.requests IS 'server/consumer spans that ended in the window';
COMMENT ON COLUMN v_service_features.errors IS 'requests with span status ERROR';
COMMENT ON COLUMN v_service_features.error_rate IS 'errors / requests, 0..1 (0 when no requests)';
COMMENT ON COLUMN v_service_features.requests_per_second IS 'requests divided by the window length in seconds';
COMMENT ON COLUMN v_service_features.p50_ms IS 'median latency, milliseconds (NULL without requests)';
COMMENT ON COLUMN v_service_features.p95_ms IS '95th percentile latency, milliseconds';
COMMENT ON COLUMN v_service_features.p99_ms IS '99th percentile latency, milliseconds';
COMMENT ON COLUMN v_service_features.max_ms IS 'slowest request, milliseconds';
COMMENT ON COLUMN v_service_features.cpu IS 'CPU utilization 0..1 from resource metrics (NULL when not reported)';
COMMENT ON COLUMN v_service_features.memory IS 'memory utilization 0..1 or bytes, as reported (NULL when not reported)';
COMMENT ON COLUMN v_service_features.gc_ms IS 'garbage collection time in the window, milliseconds';
COMMENT ON COLUMN v_service_features.pool_use IS 'connection pool utilization 0..1';
COMMENT ON COLUMN v_service_features.log_total IS 'log records in the window';
COMMENT ON COLUMN v_service_features.log_warn IS 'log records with severity WARN';
COMMENT ON COLUMN v_service_features.log_error IS 'log records with severity ERROR or FATAL';

CREATE VIEW v_service_calls AS
SELECT caller, callee, callee_kind, resolution, window_start, calls, errors,
       CASE WHEN calls > 0 THEN errors::double precision / calls ELSE 0 END AS error_rate, p50_ms, p99_ms
FROM edge_windows;
COMMENT ON VIEW v_service_calls IS 'Calls from one service to another service, database or external host per time window (the service dependency graph over time).';
COMMENT ON COLUMN v_service_calls.caller IS 'calling service';
COMMENT ON COLUMN v_service_calls.callee IS 'called service, database (db.system/db.name) or external host';
COMMENT ON COLUMN v_service_calls.callee_kind IS 'service, database or external';
COMMENT ON COLUMN v_service_calls.calls IS 'client spans from caller to callee in the window';
COMMENT ON COLUMN v_service_calls.error_rate IS 'errors / calls, 0..1';
COMMENT ON COLUMN v_service_calls.p99_ms IS '99th percentile client-side latency, milliseconds';

CREATE VIEW v_incidents AS
SELECT id, status, severity, opened_at, resolved_at,
       (doc->>'firstAnomalyAt')::timestamptz AS first_anomaly_at,
       services,
       doc->'rootCauses'->0->>'service' AS root_cause_service,
       doc->'rootCauses'->0->>'indicator' AS root_cause_indicator,
       (doc->'rootCauses'->0->>'score')::double precision AS root_cause_score,
       jsonb_array_length(COALESCE(doc->'anomalies', '[]'::jsonb)) AS anomaly_count,
       (EXTRACT(EPOCH FROM (COALESCE(resolved_at, now()) - opened_at)) / 60)::double precision AS duration_minutes
FROM incidents;
COMMENT ON VIEW v_incidents IS 'Incidents opened by the detector, newest first by opened_at; one row per incident with its top-ranked root cause.';
COMMENT ON COLUMN v_incidents.status IS 'open or resolved';
COMMENT ON COLUMN v_incidents.severity IS 'critical, high, medium or low';
COMMENT ON COLUMN v_incidents.opened_at IS 'when the incident was opened (event time of the triggering window)';
COMMENT ON COLUMN v_incidents.resolved_at IS 'when it was resolved; NULL while open';
COMMENT ON COLUMN v_incidents.first_anomaly_at IS 'start of the earliest anomalous window';
COMMENT ON COLUMN v_incidents.services IS 'services with anomalies in this incident';
COMMENT ON COLUMN v_incidents.root_cause_service IS 'highest-ranked root-cause service (NULL before analysis)';
COMMENT ON COLUMN v_incidents.root_cause_indicator IS 'what is wrong with it: latency, errors, saturation, memory, traffic, dependency, database, network';
COMMENT ON COLUMN v_incidents.root_cause_score IS 'confidence of the top root cause, 0..1';
COMMENT ON COLUMN v_incidents.anomaly_count IS 'anomalous (service, feature, window) findings attached';
COMMENT ON COLUMN v_incidents.duration_minutes IS 'minutes from opened_at to resolved_at, or to now while open';
`,
};
