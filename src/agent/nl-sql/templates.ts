/**
 * Deterministic text-to-SQL: question shapes we answer without a model, each a template over the documented
 * views. `matchSqlTemplate` returns null for any other shape (the model, when configured, takes those).
 * Windows are anchored on the latest data, not now(), because times are event times.
 */
import { metricOf, serviceIn, sqlString, topN, windowMinutes, type Metric } from './phrases.js';

export interface SqlTemplateMatch {
  shape: string;
  sql: string;
  /** Human description of what was computed, shown beside the answer. */
  title: string;
}

const ANCHOR = `(SELECT max(window_start) FROM v_service_features WHERE resolution = '1m')`;

const AGG: Record<Metric, [string, string]> = {
  error_rate: ['sum(errors)::float8 / NULLIF(sum(requests), 0)', 'error_rate'],
  errors: ['sum(errors)', 'errors'],
  requests: ['sum(requests)', 'requests'],
  rps: ['avg(requests_per_second)', 'requests_per_second'],
  p99: ['avg(p99_ms)', 'p99_ms'],
  p95: ['avg(p95_ms)', 'p95_ms'],
  p50: ['avg(p50_ms)', 'p50_ms'],
  max_ms: ['max(max_ms)', 'max_ms'],
  cpu: ['avg(cpu)', 'cpu'],
  memory: ['avg(memory)', 'memory'],
  log_error: ['sum(log_error)', 'log_errors'],
};

const inWindow = (minutes: number) => `resolution = '1m' AND window_start > ${ANCHOR} - INTERVAL '${minutes} minutes'`;

type Rule = (q: string, known: readonly string[]) => SqlTemplateMatch | null;

const RULES: Rule[] = [
  // Incidents: counts and lists.
  (q, known) => {
    if (!/\bhow many\b.*\bincidents?\b|\bnumber of incidents\b|\bcount (of )?incidents\b/i.test(q)) return null;
    const where = incidentFilter(q, serviceIn(q, known));
    return { shape: 'incident_count', sql: `SELECT count(*) AS incidents FROM v_incidents${where.sql}`, title: `incidents${where.title}` };
  },
  (q) => {
    if (!/\b(average|mean|avg)\b.*\b(duration|long|time to resolve|resolution time)\b/i.test(q) || !/\bincidents?\b/i.test(q)) return null;
    return { shape: 'incident_duration', sql: `SELECT avg(duration_minutes) AS avg_minutes FROM v_incidents WHERE status = 'resolved'`, title: 'mean duration of resolved incidents, minutes' };
  },
  (q) => {
    if (!/\broot cause\b/i.test(q) || !/\b(most|often|frequent|common)\b/i.test(q)) return null;
    return { shape: 'root_cause_top', sql: 'SELECT root_cause_service, count(*) AS incidents FROM v_incidents WHERE root_cause_service IS NOT NULL GROUP BY root_cause_service ORDER BY incidents DESC, root_cause_service LIMIT 1', title: 'most frequent root-cause service' };
  },
  (q, known) => {
    if (!/\b(list|show|which|what)\b.*\bincidents\b/i.test(q) || /\bhow many\b/i.test(q)) return null;
    const where = incidentFilter(q, serviceIn(q, known));
    return { shape: 'incident_list', sql: `SELECT id, status, severity, opened_at, root_cause_service FROM v_incidents${where.sql} ORDER BY opened_at DESC`, title: `incidents${where.title}` };
  },
  (q) => {
    if (!/\b(latest|most recent|last|newest)\b.*\bincident\b/i.test(q) || /\bincidents\b/i.test(q)) return null;
    return { shape: 'incident_latest', sql: 'SELECT id, status, severity, opened_at, root_cause_service FROM v_incidents ORDER BY opened_at DESC LIMIT 1', title: 'the most recent incident' };
  },
  // Dependencies.
  (q, known) => {
    const svc = serviceIn(q, known);
    if (!svc) return null;
    if (/\b(who|which services?|what services?)\b.*\b(calls?|depends? on|uses?)\b/i.test(q) && new RegExp(`(calls?|depends? on|uses?)\\s+\`?${svc}`, 'i').test(q)) {
      return { shape: 'callers', sql: `SELECT DISTINCT caller FROM v_service_calls WHERE callee = ${sqlString(svc)} ORDER BY caller`, title: `callers of ${svc}` };
    }
    if (/\b(what|which)\b.*\b(does|do)\b.*\b(call|depend on|use)\b|\bdependencies of\b|\bdownstream of\b/i.test(q)) {
      return { shape: 'callees', sql: `SELECT DISTINCT callee, callee_kind FROM v_service_calls WHERE caller = ${sqlString(svc)} ORDER BY callee`, title: `dependencies of ${svc}` };
    }
    return null;
  },
  // Services above a threshold.
  (q) => {
    const m = q.match(/error[- ]?rate\s+(?:above|over|greater than|higher than|>)\s*(\d+(?:\.\d+)?)\s*(%|percent)?/i);
    if (!m) return null;
    const threshold = m[2] ? Number(m[1]) / 100 : Number(m[1]) > 1 ? Number(m[1]) / 100 : Number(m[1]);
    const minutes = windowMinutes(q);
    return {
      shape: 'error_rate_above',
      sql: `SELECT service, error_rate FROM (SELECT service, sum(errors)::float8 / NULLIF(sum(requests), 0) AS error_rate FROM v_service_features WHERE ${inWindow(minutes)} GROUP BY service) AS s WHERE error_rate > ${threshold} ORDER BY error_rate DESC`,
      title: `services with error rate above ${threshold} over the last ${minutes} min`,
    };
  },
  // One service, one metric.
  (q, known) => {
    const svc = serviceIn(q, known);
    const metric = metricOf(q);
    if (!svc || !metric || /\b(which|top|rank|compare)\b/i.test(q)) return null;
    const minutes = windowMinutes(q);
    const [agg, alias] = /\b(peak|max(imum)?|worst|highest)\b/i.test(q) && metric !== 'error_rate' ? [AGG[metric][0].replace(/^(avg|sum)\(/, 'max('), `max_${AGG[metric][1]}`] : AGG[metric];
    return { shape: 'service_metric', sql: `SELECT ${agg} AS ${alias} FROM v_service_features WHERE service = ${sqlString(svc)} AND ${inWindow(minutes)}`, title: `${alias} of ${svc} over the last ${minutes} min` };
  },
  // Ranking services by a metric.
  (q) => {
    if (!/\b(which|top|rank|slowest|busiest|worst|most|highest)\b/i.test(q) || !/\bservices?\b/i.test(q)) return null;
    const metric = metricOf(q) ?? (/busiest/i.test(q) ? 'requests' : null);
    if (!metric) return null;
    const [agg, alias] = AGG[metric];
    const minutes = windowMinutes(q);
    const n = topN(q);
    return { shape: 'service_ranking', sql: `SELECT service, ${agg} AS ${alias} FROM v_service_features WHERE ${inWindow(minutes)} GROUP BY service ORDER BY ${alias} DESC NULLS LAST LIMIT ${n}`, title: `top ${n} services by ${alias} over the last ${minutes} min` };
  },
  (q) => {
    if (!/\b(list|show|what|which)\b.*\bservices\b/i.test(q) && !/^services\??$/i.test(q.trim())) return null;
    return { shape: 'service_list', sql: 'SELECT DISTINCT service FROM v_service_features ORDER BY service', title: 'services with telemetry' };
  },
];

function incidentFilter(q: string, service?: string | null): { sql: string; title: string } {
  const parts: [sql: string, title: string][] = [];
  if (/\b(open|ongoing|active|unresolved)\b/i.test(q)) parts.push([`status = 'open'`, 'open']);
  else if (/\b(resolved|closed)\b/i.test(q)) parts.push([`status = 'resolved'`, 'resolved']);
  const sev = q.match(/\b(critical|high|medium|low)\b/i);
  if (sev && /severity|critical|incidents/i.test(q)) parts.push([`severity = '${sev[1]!.toLowerCase()}'`, sev[1]!.toLowerCase()]);
  if (service) parts.push([`${sqlString(service)} = ANY(services)`, `involving ${service}`]);
  const days = q.match(/\b(?:last|past)\s+(\d+)\s*days?\b/i);
  if (days) parts.push([`opened_at > (SELECT max(opened_at) FROM v_incidents) - INTERVAL '${Number(days[1])} days'`, `in the ${days[1]} days before the latest`]);
  return { sql: parts.length ? ` WHERE ${parts.map((p) => p[0]).join(' AND ')}` : '', title: parts.length ? ` (${parts.map((p) => p[1]).join(', ')})` : '' };
}

/** Shapes no template covers (time bucketing, ratios between entities, edges between two services): never claimed. */
const UNSUPPORTED = /\b(which|what) (hour|minute|day|window|time)\b|\bhow many (minutes|hours|windows)\b|\bshare of\b|\bratio\b|\bcompare\b|\bversus\b|\bvs\.?\s|\bfrom `?[a-z][\w-]*`? to `?[a-z][\w-]*`?/i;

export function matchSqlTemplate(question: string, knownServices: readonly string[]): SqlTemplateMatch | null {
  if (UNSUPPORTED.test(question)) return null;
  for (const rule of RULES) {
    const m = rule(question, knownServices);
    if (m) return m;
  }
  return null;
}
