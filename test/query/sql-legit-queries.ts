/**
 * Legitimate analytics queries over the documented views and tables: the guard must accept each one, and
 * it must run on the seeded schema (analytics-fixture.ts) with the same rows as running it directly.
 */
export interface LegitQuery {
  note: string;
  sql: string;
}

const q = (note: string, sql: string): LegitQuery => ({ note, sql });

export const LEGIT_QUERIES: readonly LegitQuery[] = [
  q('average p99 per service', `SELECT service, avg(p99_ms) AS avg_p99 FROM v_service_features WHERE resolution = '1m' GROUP BY service ORDER BY avg_p99 DESC`),
  q('error rate per 15-minute bucket (date_bin)', `SELECT service, date_bin('15 minutes', window_start, timestamptz '2026-01-01 00:00+00') AS bucket,
      sum(errors)::float8 / nullif(sum(requests), 0) AS error_rate FROM v_service_features GROUP BY 1, 2 ORDER BY 1, 2`),
  q('requests per hour (date_trunc)', `SELECT date_trunc('hour', window_start) AS hour, sum(requests) AS requests FROM v_service_features GROUP BY 1 ORDER BY 1`),
  q('percentile over windows', `SELECT service, percentile_cont(0.95) WITHIN GROUP (ORDER BY p99_ms) AS p95_of_p99 FROM v_service_features GROUP BY service ORDER BY service`),
  q('window function lag', `SELECT service, window_start, p99_ms, p99_ms - lag(p99_ms) OVER (PARTITION BY service ORDER BY window_start) AS delta
      FROM v_service_features WHERE service = 'payments' ORDER BY window_start LIMIT 50`),
  q('top 3 windows per service (rank)', `SELECT * FROM (SELECT service, window_start, p99_ms, rank() OVER (PARTITION BY service ORDER BY p99_ms DESC, window_start) AS r
      FROM v_service_features) t WHERE r <= 3 ORDER BY service, r`),
  q('baseline vs recent via CTEs', `WITH baseline AS (
        SELECT service, avg(p99_ms) AS base FROM v_service_features WHERE window_start < timestamptz '2026-01-01 02:00+00' GROUP BY service),
      recent AS (
        SELECT service, avg(p99_ms) AS p99 FROM v_service_features WHERE window_start >= timestamptz '2026-01-01 02:00+00' GROUP BY service)
      SELECT r.service, r.p99 / b.base AS ratio FROM recent r JOIN baseline b USING (service) ORDER BY ratio DESC`),
  q('join calls with callee features', `SELECT c.caller, c.callee, avg(c.p99_ms) AS call_p99, avg(f.p99_ms) AS callee_p99
      FROM v_service_calls c JOIN v_service_features f ON f.service = c.callee AND f.window_start = c.window_start AND f.resolution = c.resolution
      GROUP BY 1, 2 ORDER BY 1, 2`),
  q('open incidents', `SELECT id, severity, root_cause_service, root_cause_indicator FROM v_incidents WHERE status = 'open' ORDER BY opened_at DESC`),
  q('incidents by severity', `SELECT severity, count(*) AS n FROM v_incidents GROUP BY severity ORDER BY n DESC, severity`),
  q('services across incidents (unnest)', `SELECT s AS service, count(*) AS incidents FROM incidents, unnest(services) AS s GROUP BY s ORDER BY 2 DESC, 1`),
  q('json accessors', `SELECT id, doc->'rootCauses'->0->>'service' AS top_cause, jsonb_array_length(doc->'anomalies') AS anomalies FROM incidents ORDER BY id`),
  q('root causes via LATERAL jsonb_array_elements', `SELECT i.id, rc->>'service' AS service, (rc->>'score')::float8 AS score
      FROM incidents i CROSS JOIN LATERAL jsonb_array_elements(i.doc->'rootCauses') AS rc ORDER BY i.id, score DESC`),
  q('graph nodes by kind', `SELECT kind, count(*) AS nodes FROM graph_nodes GROUP BY kind ORDER BY kind`),
  q('UNION of callers and callees', `SELECT caller AS node FROM edge_windows UNION SELECT callee FROM edge_windows ORDER BY node`),
  q('EXISTS subquery', `SELECT name FROM graph_nodes g WHERE EXISTS (SELECT 1 FROM edge_windows e WHERE e.callee = g.name AND e.errors > 0) ORDER BY name`),
  q('IN subquery with CASE', `SELECT service, CASE WHEN avg(error_rate) > 0.03 THEN 'hot' ELSE 'ok' END AS state FROM v_service_features
      WHERE service IN (SELECT callee FROM v_service_calls) GROUP BY service ORDER BY service`),
  q('aggregate FILTER', `SELECT service, count(*) FILTER (WHERE p99_ms > 400) AS slow_windows, count(*) AS windows FROM v_service_features GROUP BY service ORDER BY service`),
  q('moving average with a window frame', `SELECT window_start, avg(p99_ms) OVER (ORDER BY window_start ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS p99_5m
      FROM v_service_features WHERE service = 'checkout' ORDER BY window_start`),
  q('gap-filled minutes (generate_series)', `SELECT m.minute, coalesce(f.requests, 0) AS requests
      FROM generate_series(timestamptz '2026-01-01 00:00+00', timestamptz '2026-01-01 00:30+00', interval '1 minute') AS m(minute)
      LEFT JOIN v_service_features f ON f.window_start = m.minute AND f.service = 'frontend' ORDER BY m.minute`),
  q('per-operation maximum from the raw table', `SELECT operation, max(p99_ms) AS worst FROM feature_windows WHERE operation <> '' GROUP BY operation ORDER BY operation`),
  q('recursive downstream walk', `WITH RECURSIVE downstream(name, depth) AS (
        SELECT 'frontend'::text, 0
        UNION SELECT e.callee, d.depth + 1 FROM edge_windows e JOIN downstream d ON e.caller = d.name WHERE d.depth < 5)
      SELECT name, min(depth) AS depth FROM downstream GROUP BY name ORDER BY depth, name`),
  q('to_char, extract and AT TIME ZONE', `SELECT id, to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS opened,
      round(extract(epoch FROM coalesce(resolved_at, opened_at) - opened_at) / 60) AS minutes FROM incidents ORDER BY opened_at`),
  q('relative time filter with now()', `SELECT count(*) AS recent FROM v_incidents WHERE opened_at > now() - interval '3650 days'`),
  q('z-score with a named window', `SELECT service, window_start, (p99_ms - avg(p99_ms) OVER w) / nullif(stddev_samp(p99_ms) OVER w, 0) AS z
      FROM v_service_features WINDOW w AS (PARTITION BY service) ORDER BY z DESC NULLS LAST, service, window_start LIMIT 10`),
  q('greatest, round and numeric cast', `SELECT service, round(max(greatest(p95_ms, p99_ms))::numeric, 1) AS worst FROM v_service_features GROUP BY service ORDER BY worst DESC`),
  q('schema-qualified view', `SELECT count(*) AS windows FROM public.v_service_features`),
  q('string functions', `SELECT lower(service) AS s, upper(left(service, 3)) AS code, length(service) AS len FROM (SELECT DISTINCT service FROM v_service_features) s ORDER BY 1`),
  q('comments and a trailing semicolon', `-- p99 by service
      SELECT service /* the name */, max(p99_ms) AS worst FROM v_service_features GROUP BY service ORDER BY 2 DESC LIMIT 3; -- done`),
  q('CTE named like a system catalog only shadows it', `WITH pg_stat_activity AS (SELECT service FROM v_service_features WHERE p99_ms > 400)
      SELECT service, count(*) AS slow FROM pg_stat_activity GROUP BY service ORDER BY service`),
  q('FETCH FIRST and OFFSET', `SELECT id, opened_at FROM v_incidents ORDER BY opened_at OFFSET 1 ROWS FETCH FIRST 2 ROWS ONLY`),
  q('CURRENT_DATE and COALESCE', `SELECT id, coalesce(resolved_at::date, CURRENT_DATE) >= DATE '2026-01-01' AS after_start FROM incidents ORDER BY id`),
];
