import { z } from 'zod';
import { defineTool } from '../src/core/index.js';

/** Guidance for the model lives beside the tool (STYLE rule 14). */
export const SQL_TOOL_GUIDE = [
  'Read-only SQL over documented views only:',
  '- v_service_features(service, resolution, window_start, window_end, requests, errors, error_rate 0..1, requests_per_second, p50_ms, p95_ms, p99_ms, max_ms, cpu, memory, gc_ms, pool_use, log_total, log_warn, log_error); filter resolution = \'1m\'.',
  '- v_service_calls(caller, callee, callee_kind, resolution, window_start, calls, errors, error_rate, p50_ms, p99_ms)',
  '- v_incidents(id, status, severity, opened_at, resolved_at, first_anomaly_at, services text[], root_cause_service, root_cause_indicator, root_cause_score, anomaly_count, duration_minutes)',
  'Times are event times: anchor "last hour" on (SELECT max(window_start) FROM v_service_features), not now().',
  'One SELECT; no writes, no pg_* functions; at most 1000 rows.',
].join('\n');

export const querySql = defineTool({
  name: 'query_sql',
  description: `Run one guarded read-only SELECT and return the rows.\n${SQL_TOOL_GUIDE}`,
  input: z.object({ sql: z.string().min(1).max(8000) }),
  needsApproval: false,
  summarize: (i) => `Running SQL: ${i.sql.replace(/\s+/g, ' ').slice(0, 80)}`,
  async run(ctx, i) {
    const r = await ctx.sql(i.sql);
    if (!r.ok) return { status: 'error', error: `${r.code}: ${r.message}`, query: r.sql };
    if (r.rows.length === 0) return { status: 'no_data', error: 'The query returned no rows.', data: { columns: r.columns, rows: r.rows, truncated: false }, query: r.sql };
    return { status: 'ok', data: { columns: r.columns, rows: r.rows, truncated: r.truncated }, query: r.sql };
  },
});
