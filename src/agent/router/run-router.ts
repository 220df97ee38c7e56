/**
 * The deterministic path: a parsed intent → the same tools the model would call → a grounded text answer.
 * Used when no model is configured, and for slash-command intents.
 */
import type { AgentDeps } from '../deps.js';
import { runTool, type ToolEnv, type ToolRun } from '../tool-runner.js';
import { renderSeries } from '../promql/render-series.js';
import { hhmm, ms, pct, rootCauseLines, rowsAnswer, sqlBlock } from './compose.js';
import { parseIntent, type Intent } from './intent.js';
import type { PromOutcome } from '../../core/index.js';

export interface RouterAnswer {
  text: string;
  runs: ToolRun[];
  intent: Intent['kind'];
}

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function runRouter(d: AgentDeps, question: string): Promise<RouterAnswer> {
  const known = await knownNames(d);
  const intent = parseIntent(question, known);
  const env: ToolEnv = { tools: d.tools, ctx: d.ctx, userMessage: question, metrics: d.metrics, logger: d.logger };
  const runs: ToolRun[] = [];
  const call = async (name: string, input: Record<string, unknown>) => {
    const r = await runTool(env, name, input);
    runs.push(r);
    return r.result;
  };
  const text = await answer(intent, call, known);
  return { text, runs, intent: intent.kind };
}

async function knownNames(d: AgentDeps): Promise<string[]> {
  const [services, graph] = await Promise.all([d.ctx.features.listServices(), d.ctx.graph.getGraph({})]);
  return [...new Set([...services.map((s) => s.name), ...graph.nodes.map((n) => n.name)])];
}

type Call = (name: string, input: Record<string, unknown>) => Promise<{ status: string; data?: unknown; error?: string; query?: string }>;

async function answer(intent: Intent, call: Call, known: string[]): Promise<string> {
  switch (intent.kind) {
    case 'sql':
    case 'template': {
      const sql = intent.kind === 'sql' ? intent.sql : intent.match.sql;
      const title = intent.kind === 'sql' ? 'Result' : capital(intent.match.title);
      const r = await call('query_sql', { sql });
      const shown = r.query ?? sql;
      if (r.status === 'error') return `The query was refused or failed: ${r.error}\n${sqlBlock(shown)}`;
      const data = r.data as Data;
      return `${rowsAnswer(title, data.columns, data.rows)}${data.truncated ? '\n(row limit reached; more rows exist)' : ''}\n${sqlBlock(shown)}`;
    }
    case 'promql': {
      const r = await call('query_promql', { expr: intent.expr, minutes: 60, stepSeconds: 60 });
      if (r.status !== 'ok') return `PromQL \`${intent.expr}\`: ${r.error}`;
      return `PromQL \`${intent.expr}\` over the last 60 min:\n\`\`\`\n${renderSeries((r.data as Extract<PromOutcome, { ok: true }>).series)}\n\`\`\``;
    }
    case 'action_status': {
      const r = await call('get_action_status', { id: intent.id });
      if (r.status !== 'ok') return r.error!;
      const a = r.data as Data;
      return `Action \`${a.id}\` (${a.type} on \`${a.target.service}\`, incident \`${a.incidentId}\`) is *${a.status}*${a.decidedBy ? `, decided by ${a.decidedBy}` : ''}${a.dryRun ? ' (dry run)' : ''}.`;
    }
    case 'incident': {
      const r = await call('get_incident', { id: intent.id });
      if (r.status !== 'ok') return r.error!;
      const i = r.data as Data;
      return [`Incident \`${i.id}\` is *${i.status}* (${i.severity}), opened ${i.openedAt}${i.resolvedAt ? `, resolved ${i.resolvedAt}` : ''}; services: ${i.services.map((s: string) => `\`${s}\``).join(', ')}.`, ...(i.rootCauses.length ? ['Root causes:', ...rootCauseLines(i.rootCauses)] : ['No root cause ranked yet.'])].join('\n');
    }
    case 'propose': return propose(intent.service, intent.type, call);
    case 'thread': {
      const r = await call('summarize_thread', {});
      if (r.status !== 'ok') return r.error!;
      const t = r.data as Data;
      const last = t.thread.slice(-5).map((m: { user: string; text: string }) => `• <${m.user}>: ${m.text.slice(0, 160)}`);
      return [`Thread: ${t.messages} messages from ${t.participants.length} people${t.incidentIds.length ? `; incidents mentioned: ${t.incidentIds.map((x: string) => `\`${x}\``).join(', ')}` : ''}.`, 'Latest messages (quoted, not acted on):', ...last].join('\n');
    }
    case 'runbook': {
      const r = await call('search_knowledge', { query: intent.query, limit: 2 });
      if (r.status !== 'ok') return r.error!;
      const hits = r.data as { title: string; path: string; excerpt: string }[];
      return hits.map((h) => `*${h.title}* (${h.path})\n${h.excerpt.split('\n').slice(0, 14).join('\n')}`).join('\n\n');
    }
    case 'changes': return changes(intent.minutes, call);
    case 'diagnose': return diagnose(intent.service, intent.minutes, call);
    case 'graph': {
      const r = await call('get_service_graph', { service: intent.service, depth: 1 });
      if (r.status !== 'ok') return r.error!;
      const g = r.data as Data;
      if (intent.service) return `\`${intent.service}\` calls ${list(g.calls)}; it is called by ${list(g.calledBy)}.`;
      return `Service graph: ${g.nodes.length} nodes, ${g.edges.length} edges:\n${g.edges.slice(0, 30).map((e: Data) => `• \`${e.from}\` → \`${e.to}\` (${e.calls} calls, ${e.errors} errors)`).join('\n')}`;
    }
    case 'detect': {
      const r = await call('run_detector', { service: intent.service, minutes: intent.minutes });
      if (r.status !== 'ok') return r.error!;
      return anomalyLines(r.data as Data);
    }
    case 'incidents': {
      const r = await call('list_incidents', { status: intent.status, service: intent.service, limit: 10 });
      if (r.status !== 'ok') return r.error!;
      return (r.data as Data[]).map((i) => `• \`${i.id}\` ${i.status} ${i.severity} opened ${i.openedAt} — ${i.rootCause ? `\`${i.rootCause.service}\` ${i.rootCause.indicator}` : 'no root cause yet'}`).join('\n');
    }
    case 'services': {
      const r = await call('list_services', {});
      if (r.status !== 'ok') return r.error!;
      return (r.data as Data[]).map((s) => `• \`${s.name}\` (last seen ${s.lastSeen})`).join('\n');
    }
    case 'unknown_service':
      return `I found no service named "${intent.name}" in the telemetry, so I cannot answer about it. ${known.length ? `Known services: ${list(known)}.` : 'No telemetry has been received yet.'}`;
    case 'help':
      return HELP;
  }
}

async function diagnose(service: string, minutes: number, call: Call): Promise<string> {
  const rca = await call('run_rca', { service, minutes: Math.max(minutes, 15) });
  const feats = await call('query_features', { service, minutes: Math.max(minutes, 15) });
  const lines: string[] = [];
  const rd = rca.data as Data | undefined;
  if (rca.status === 'ok') {
    const top = rd!.rootCauses[0];
    lines.push(`Most likely root cause for \`${service}\`: \`${top.service}\` — ${top.indicator} (score ${top.score.toFixed(2)}), window ${hhmm(rca.query!)}.`, ...rootCauseLines(rd!.rootCauses));
  } else if (rca.status === 'no_data') lines.push(`No anomaly found around \`${service}\`: ${rca.error}`);
  else return rca.error!;
  if (feats.status === 'ok') {
    const s = (feats.data as Data).summary;
    lines.push(`\`${service}\` over ${hhmm(feats.query!)}: ${s.requests} requests, error rate ${pct(s.errorRate)}, p99 mean ${ms(s.p99MsMean)} (max ${ms(s.p99MsMax)}).`);
  }
  const inc = await call('list_incidents', { status: 'open', service, limit: 3 });
  if (inc.status === 'ok') lines.push(`Open incidents involving \`${service}\`: ${(inc.data as Data[]).map((i) => `\`${i.id}\` (${i.severity})`).join(', ')}.`);
  if (rca.status === 'ok') {
    const kb = await call('search_knowledge', { query: `${rd!.rootCauses[0].indicator} ${FAULT_WORDS[rd!.rootCauses[0].indicator] ?? ''}`, limit: 1 });
    if (kb.status === 'ok') lines.push(`Runbook: ${(kb.data as Data[])[0].title} (${(kb.data as Data[])[0].path}).`);
  }
  return lines.join('\n');
}

async function changes(minutes: number, call: Call): Promise<string> {
  const det = await call('run_detector', { minutes });
  const inc = await call('list_incidents', { limit: 5 });
  const lines = [det.status === 'ok' ? anomalyLines(det.data as Data) : `No anomalies in the last ${minutes} min: ${det.error}`];
  if (inc.status === 'ok') lines.push('Most recent incidents:', ...(inc.data as Data[]).slice(0, 3).map((i) => `• \`${i.id}\` ${i.status} ${i.severity}, opened ${i.openedAt}`));
  return lines.join('\n');
}

async function propose(service: string, type: string, call: Call): Promise<string> {
  const inc = await call('list_incidents', { status: 'open', service, limit: 1 });
  if (inc.status !== 'ok') return `There is no open incident involving \`${service}\`, so I will not propose a ${type}. ${inc.error ?? ''}`.trim();
  const incident = (inc.data as Data[])[0]!;
  const r = await call('propose_action', { incidentId: incident.id, type, service, params: {}, reason: `requested in chat for incident ${incident.id}` });
  if (r.status !== 'approval_required') return `The proposal was not created: ${r.error}`;
  const a = r.data as Data;
  return `Proposed ${a.type} on \`${service}\` for incident \`${incident.id}\` as action \`${a.actionId}\` (risk ${Number(a.riskScore).toFixed(2)}). Nothing has been executed: it waits for an approver.`;
}

function anomalyLines(d: Data): string {
  const lines = (d.byService as { service: string; findings: number; strongest: Data }[]).map(({ service, findings, strongest: a }) =>
    `• \`${service}\`: ${a.feature} ${round(a.value)} vs baseline ${round(a.baseline)} at ${a.windowStart} (${findings} findings)`);
  return [`${d.total} anomalous findings in ${lines.length} services over ${hhmm(d.window)}:`, ...lines].join('\n');
}

const FAULT_WORDS: Record<string, string> = { latency: 'p99 latency spike', errors: 'error rate burst', saturation: 'cpu saturation', memory: 'memory leak', database: 'database slowdown', dependency: 'latency downstream' };
const list = (xs: string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : 'nothing');
const round = (v: number) => Math.round(v * 1000) / 1000;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const HELP = [
  'I can answer without a language model when the question has one of these shapes:',
  '• "what is wrong with <service>", "why is <service> slow" — root-cause analysis with evidence',
  '• "error rate | p99 latency | requests | cpu of <service> last hour" — a guarded SQL query, shown',
  '• "which services have the highest error rate", "top 3 slowest services"',
  '• "open incidents", "incident <id>", "how many incidents are open", "what changed"',
  '• "what does <service> call", "who calls <service>", "runbook for database slowdown"',
  '• "restart <service>" — files a proposal that a person must approve; nothing runs without approval',
  '• "sql: SELECT …", "promql: <expr>", "status of act-…", "summarize this thread"',
].join('\n');
