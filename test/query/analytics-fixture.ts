/**
 * A small, deterministic telemetry history in the real schema (stores migrations), for running guarded
 * queries: 4 services × 2 operations × 180 one-minute windows, a call graph, and 3 incidents.
 * `payments` has a latency spike in windows 120–140 so ranking queries have a clear answer.
 */
import { migrate } from '../../src/stores/migrate.js';
import type { SqlClient } from '../../src/stores/sql-client.js';

export const FEATURE_ROWS = 4 * 2 * 180;

const SEED = `
INSERT INTO feature_windows (service, operation, resolution, window_start, requests, errors, error_rate, throughput,
  p50_ms, p95_ms, p99_ms, max_ms, cpu, memory, log_total, log_warn, log_error)
SELECT s.name, o.op, '1m', timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute',
  100 + s.i * 10 + g % 7, g % 5 + s.i, (g % 5 + s.i)::float8 / (100 + s.i * 10 + g % 7), (100 + s.i * 10 + g % 7) / 60.0,
  20 + s.i * 5 + g % 11, 50 + s.i * 7 + g % 13,
  80 + s.i * 9 + g % 17 + CASE WHEN s.name = 'payments' AND g BETWEEN 120 AND 140 THEN 400 ELSE 0 END,
  150 + s.i * 9 + g % 19 + CASE WHEN s.name = 'payments' AND g BETWEEN 120 AND 140 THEN 600 ELSE 0 END,
  0.2 + s.i * 0.1, 0.5, 10 + g % 3, g % 4, g % 2
FROM (VALUES ('checkout', 1), ('payments', 2), ('frontend', 3), ('inventory', 4)) AS s(name, i)
CROSS JOIN (VALUES (''), ('GET /items')) AS o(op)
CROSS JOIN generate_series(0, 179) AS g;

INSERT INTO edge_windows (caller, callee, callee_kind, resolution, window_start, calls, errors, p50_ms, p99_ms)
SELECT e.caller, e.callee, e.kind, '1m', timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute',
  50 + g % 9, CASE WHEN e.callee = 'payments' AND g BETWEEN 120 AND 140 THEN 3 ELSE 0 END, 10 + g % 4, 40 + g % 8
FROM (VALUES ('frontend', 'checkout', 'service'), ('checkout', 'payments', 'service'),
             ('checkout', 'inventory', 'service'), ('payments', 'postgres', 'database')) AS e(caller, callee, kind)
CROSS JOIN generate_series(0, 179) AS g;

INSERT INTO graph_nodes (name, kind, last_seen)
VALUES ('frontend', 'service', '2026-01-01 03:00+00'), ('checkout', 'service', '2026-01-01 03:00+00'),
       ('payments', 'service', '2026-01-01 03:00+00'), ('inventory', 'service', '2026-01-01 03:00+00'),
       ('postgres', 'database', '2026-01-01 03:00+00');

INSERT INTO incidents (id, status, severity, opened_at, resolved_at, services, doc) VALUES
 ('inc-1', 'resolved', 'high', '2026-01-01 02:01+00', '2026-01-01 02:25+00', '{payments,checkout}',
  '{"firstAnomalyAt":"2026-01-01T02:00:00Z","rootCauses":[{"service":"payments","indicator":"latency","score":0.9},{"service":"checkout","indicator":"dependency","score":0.4}],"anomalies":[{"service":"payments"},{"service":"checkout"}]}'),
 ('inc-2', 'open', 'critical', '2026-01-01 02:40+00', NULL, '{inventory}',
  '{"firstAnomalyAt":"2026-01-01T02:39:00Z","rootCauses":[{"service":"inventory","indicator":"errors","score":0.7}],"anomalies":[{"service":"inventory"}]}'),
 ('inc-3', 'open', 'low', '2026-01-01 01:10+00', NULL, '{frontend,checkout}',
  '{"firstAnomalyAt":"2026-01-01T01:09:00Z","rootCauses":[],"anomalies":[]}');

CREATE SEQUENCE query_test_seq;
-- Stands in for a guard bug: a function that writes, called from what looks like a plain SELECT.
CREATE FUNCTION query_test_write() RETURNS integer LANGUAGE sql
  AS $$ INSERT INTO graph_nodes (name, kind, last_seen) VALUES ('intruder', 'external', now()) RETURNING 1 $$;
`;

/** Applies the real migrations (plain PostgreSQL layout) and the seed. */
export async function seedAnalytics(client: SqlClient): Promise<void> {
  await migrate(client, { timescale: 'off' });
  await client.exec(SEED);
}
