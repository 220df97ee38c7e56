/**
 * Checks every service, metric, incident and action an answer names against the stores before it is shown.
 * What does not exist is flagged in the text ("(not found)") and listed, never silently kept.
 */
import type { ToolContext } from '../core/index.js';
import type { PromClient } from '../core/index.js';

const INCIDENT = /\binc-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b/g;
const ACTION = /\bact-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b/g;
const SERVICE_AFTER = /\bservices?\s+`?([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+)`?/gi;
const BACKTICKED = /`([^`\n]{2,80})`/g;

/** Feature and view column names an answer may cite as metrics. */
const METRICS = new Set([
  'requests', 'errors', 'error_rate', 'errorRate', 'requests_per_second', 'throughput', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms',
  'p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'cpu', 'memory', 'gc_ms', 'gcMs', 'pool_use', 'poolUse', 'log_total', 'log_warn', 'log_error', 'logError',
  'calls', 'duration_minutes', 'anomaly_count', 'root_cause_score', 'v_service_features', 'v_service_calls', 'v_incidents',
  // Vocabulary that is not an entity: indicators, action types, statuses, tool names.
  'latency', 'saturation', 'traffic', 'dependency', 'database', 'network', 'ALERT', 'RATE_LIMIT', 'CIRCUIT_BREAK', 'AUTO_SCALE', 'RESTART',
  'ROLLBACK', 'MANUAL', 'open', 'resolved', 'proposed', 'approved', 'critical', 'high', 'medium', 'low',
]);
const TOOLISH = /^(list|get|query|run|search|propose|summarize)_[a-z_]+$/;

export interface GroundingResult {
  text: string;
  unknown: string[];
  checked: number;
}

export async function groundAnswer(text: string, ctx: ToolContext, prom?: PromClient): Promise<GroundingResult> {
  const [services, graph] = await Promise.all([ctx.features.listServices(), ctx.graph.getGraph({})]);
  const names = new Set([...services.map((s) => s.name), ...graph.nodes.map((n) => n.name)]);
  let promNames: Set<string> | null = null;
  const unknown = new Set<string>();
  let checked = 0;
  const codeFree = text.replace(/```[\s\S]*?```/g, ' ');
  for (const id of new Set(codeFree.match(INCIDENT) ?? [])) {
    checked++;
    if (!(await ctx.incidents.get(id))) unknown.add(id);
  }
  for (const id of new Set(codeFree.match(ACTION) ?? [])) {
    checked++;
    if (!(await ctx.actions.status(id))) unknown.add(id);
  }
  for (const m of codeFree.matchAll(SERVICE_AFTER)) {
    checked++;
    if (!names.has(m[1]!)) unknown.add(m[1]!);
  }
  for (const m of codeFree.matchAll(BACKTICKED)) {
    const tok = m[1]!.trim();
    if (!/^[A-Za-z][\w.:-]*$/.test(tok) || /^(inc|act)-/.test(tok)) continue;
    checked++;
    if (names.has(tok) || METRICS.has(tok) || TOOLISH.test(tok)) continue;
    promNames ??= prom ? new Set((await prom.metadata().catch(() => ({ metrics: [] }))).metrics.map((x) => x.name)) : new Set();
    if (!promNames.has(tok)) unknown.add(tok);
  }
  if (unknown.size === 0) return { text, unknown: [], checked };
  let out = text;
  for (const u of unknown) out = out.split(`\`${u}\``).join(`\`${u}\` (not found)`);
  out += `\n\n⚠️ Not found in the stores, so not verified: ${[...unknown].map((u) => `\`${u}\``).join(', ')}.`;
  return { text: out, unknown: [...unknown], checked };
}
