/**
 * `runQuery`: guarded querying for people. SQL and PromQL run as written (through the guard / parser); natural
 * language goes through a deterministic template when one matches, else the model (text-to-SQL, then
 * text-to-PromQL when Prometheus is configured). The query that ran is always returned beside the answer.
 */
import type { AgentDeps } from '../agent/deps.js';
import { formatTable } from '../agent/format-table.js';
import { generateSql } from '../agent/nl-sql/generate-sql.js';
import { matchSqlTemplate } from '../agent/nl-sql/templates.js';
import { generatePromql } from '../agent/promql/generate-promql.js';
import { renderSeries } from '../agent/promql/render-series.js';
import { redact } from '../agent/safety.js';
import type { PromOutcome, PromSeries, SqlToolOutcome } from '../core/index.js';
import { rangeChartSvg } from '../render/range-chart-svg.js';

export interface QueryRequest {
  kind: 'nl' | 'sql' | 'promql';
  text: string;
  user: string;
}

export interface QueryAnswer {
  ok: boolean;
  /** What actually ran (the guard's normalized SQL, or the PromQL expression); '' when nothing ran. */
  query: string;
  text: string;
  rows?: unknown[];
  /** How the query was produced. */
  source?: 'as-written' | 'template' | 'model';
  /** A line chart of a PromQL range result (some series with more than one point); absent otherwise. */
  chart?: { svg: string };
}

export async function runQuery(deps: AgentDeps, q: QueryRequest): Promise<QueryAnswer> {
  const allowed = deps.rateLimiter.take(q.user);
  if (!allowed.ok) return { ok: false, query: '', text: `Rate limited; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s.` };
  if (q.kind === 'sql') return sqlAnswer(await deps.ctx.sql(q.text), 'as-written');
  if (q.kind === 'promql') return promAnswer(await deps.ctx.promql(q.text.trim(), lastHour(deps)), 'as-written');
  const text = redact(q.text);
  const known = [...new Set([...(await deps.ctx.features.listServices()).map((s) => s.name), ...(await deps.ctx.graph.getGraph({})).nodes.map((n) => n.name)])];
  const tpl = matchSqlTemplate(text, known);
  if (tpl) return sqlAnswer(await deps.ctx.sql(tpl.sql), 'template', tpl.title);
  if (deps.llm) {
    const g = await generateSql(deps, text);
    if (g.outcome) return sqlAnswer(g.outcome, 'model');
    const p = await generatePromql(deps, text, lastHour(deps));
    if (p.outcome) return promAnswer(p.outcome, p.source === 'template' ? 'template' : 'model');
    return { ok: false, query: g.sql, text: `I could not write a working query for that question. ${g.error ?? ''}`.trim(), source: 'model' };
  }
  const p = await generatePromql(deps, text, lastHour(deps));
  if (p.outcome) return promAnswer(p.outcome, 'template');
  return { ok: false, query: '', text: 'That question shape is not supported without a language model (set AIOPS_LLM). Supported: metric of <service> over a window, rankings of services, incident counts and lists, callers and dependencies. Or pass --sql / --promql.' };
}

function sqlAnswer(r: SqlToolOutcome, source: QueryAnswer['source'], title?: string): QueryAnswer {
  if (!r.ok) return { ok: false, query: r.sql, text: `${r.code}: ${r.message}`, source };
  const table = formatTable(r.columns, r.rows);
  return { ok: true, query: r.sql, text: `${title ? `${title}\n` : ''}${table}${r.truncated ? '\n(row limit reached)' : ''}`, rows: r.rows, source };
}

function promAnswer(r: PromOutcome, source: QueryAnswer['source']): QueryAnswer {
  if (!r.ok) return { ok: false, query: r.expr, text: r.message, source };
  const rows = r.series.flatMap((s) => s.values.map(([t, v]) => ({ ...s.labels, time: new Date(t * 1000).toISOString(), value: v })));
  const chart = r.series.some((s) => s.values.length > 1) ? { svg: seriesChart(r.expr, r.series) } : undefined;
  return { ok: true, query: r.expr, text: r.series.length ? renderSeries(r.series) : 'no series matched', rows, source, ...(chart ? { chart } : {}) };
}

/** Prometheus times are epoch seconds; the chart takes ms. */
function seriesChart(expr: string, series: PromSeries[]): string {
  // __name__ repeats the title; the other labels tell the lines apart.
  const name = (l: Record<string, string>) => Object.entries(l).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}=${v}`).join(', ') || expr;
  return rangeChartSvg(series.map((s) => ({ name: name(s.labels), points: s.values.map(([t, v]) => [t * 1000, v] as [number, number]) })), { title: expr.length > 80 ? `${expr.slice(0, 79)}…` : expr });
}

const lastHour = (d: AgentDeps) => {
  const to = d.ctx.clock.now();
  return { from: to - 3_600_000, to, stepMs: 60_000 };
};
