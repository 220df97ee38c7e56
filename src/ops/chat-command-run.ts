/**
 * Runs a parsed chat subcommand over the ops/ use cases and returns a view model. Slack renders it as Block
 * Kit, `aiops chat` as text; neither knows how the answer was computed.
 */
import type { Action, Incident, ServiceGraph } from '../core/index.js';
import type { ChatCommand } from './chat-command-parse.js';
import type { KafkaView } from './context.js';
import type { ChatDeps, ThreadMessage } from './chat-deps.js';
import { getIncident, listIncidents } from './incidents.js';
import { runRca, type RcaAnswer } from './rca.js';
import { listServices, serviceGraph } from './services.js';
import { buildPostmortem, summarizeThread, type ThreadSummary } from './thread-summary.js';

export type CommandOutcome =
  | { type: 'help'; note?: string }
  | { type: 'status'; services: number; open: Incident[]; proposedActions: number | null; kafka?: KafkaView }
  | { type: 'incidents'; incidents: Incident[] }
  | { type: 'incident'; incident: Incident }
  | { type: 'rca'; service: string; answer: RcaAnswer }
  | { type: 'graph'; service: string; graph: ServiceGraph }
  | { type: 'query'; kind: 'nl' | 'sql' | 'promql'; ok: boolean; query: string; text: string; chart?: { svg: string } }
  | { type: 'answer'; text: string; citations: string[] }
  | { type: 'actions'; status: string; actions: Action[] }
  | { type: 'summary'; summary: ThreadSummary }
  | { type: 'postmortem'; incidentId: string; markdown: string }
  /** Expected failure shown as is (unknown service, no incident, capability not configured). */
  | { type: 'error'; message: string };

export interface CommandContext {
  user: string;
  /** Earlier messages of the conversation (Slack thread) for `ask`, `summary` and `postmortem`. */
  thread?: ThreadMessage[];
  /** Incident the conversation is about (an incident thread), when the command names none. */
  incidentId?: string;
  onProgress?: (partial: string) => void;
}

export async function runChatCommand(deps: ChatDeps, cmd: ChatCommand, ctx: CommandContext): Promise<CommandOutcome> {
  const { ops } = deps;
  switch (cmd.name) {
    case 'help':
      return { type: 'help' };
    case 'status': {
      const [services, open, proposed] = await Promise.all([listServices(ops), listIncidents(ops, { status: 'open', limit: 50 }), deps.actions?.list({ status: 'proposed' })]);
      return { type: 'status', services: services.length, open, proposedActions: proposed ? proposed.length : null, ...(ops.kafka ? { kafka: ops.kafka() } : {}) };
    }
    case 'incidents':
      return { type: 'incidents', incidents: await listIncidents(ops, { limit: 15 }) };
    case 'incident': {
      const r = await getIncident(ops, cmd.id);
      return r.ok ? { type: 'incident', incident: r.value } : { type: 'error', message: r.error.message };
    }
    case 'rca': {
      const r = await runRca(ops, { service: cmd.service, windowMs: cmd.windowMs });
      return r.ok ? { type: 'rca', service: cmd.service, answer: r.value } : { type: 'error', message: r.error.message };
    }
    case 'graph': {
      const r = await serviceGraph(ops, { service: cmd.service, depth: 1 });
      return r.ok ? { type: 'graph', service: cmd.service, graph: r.value } : { type: 'error', message: r.error.message };
    }
    case 'query':
    case 'promql':
    case 'sql': {
      if (!deps.query) return { type: 'error', message: 'Guarded queries are not configured on this server.' };
      const kind = cmd.name === 'query' ? 'nl' : cmd.name;
      const r = await deps.query({ kind, text: cmd.text, user: ctx.user });
      return { type: 'query', kind, ...r };
    }
    case 'ask': {
      if (!deps.ask) return { type: 'error', message: 'The agent is not configured on this server; the other subcommands still work — try `help`.' };
      const thread = (ctx.thread ?? []).map(({ user, text }) => ({ user, text }));
      const r = await deps.ask({ question: cmd.question, user: ctx.user, thread, onProgress: ctx.onProgress });
      return { type: 'answer', text: r.text, citations: r.citations ?? [] };
    }
    case 'actions': {
      if (!deps.actions) return { type: 'error', message: 'Remediation actions are not configured on this server.' };
      return { type: 'actions', status: cmd.status ?? 'proposed', actions: await deps.actions.list({ status: cmd.status }) };
    }
    case 'summary':
    case 'postmortem':
      return threadOutcome(deps, cmd, ctx);
  }
}

async function threadOutcome(deps: ChatDeps, cmd: { name: 'summary' | 'postmortem'; incidentId?: string }, ctx: CommandContext): Promise<CommandOutcome> {
  const id = cmd.incidentId ?? ctx.incidentId;
  let incident: Incident | null = null;
  if (id) {
    const r = await getIncident(deps.ops, id);
    if (!r.ok) return { type: 'error', message: r.error.message };
    incident = r.value;
  }
  const thread = ctx.thread ?? [];
  if (!incident && thread.length === 0) return { type: 'error', message: `Use \`${cmd.name}\` inside an incident thread, or name the incident: \`${cmd.name} INCIDENT_ID\`.` };
  const actions = incident && deps.actions ? (await deps.actions.list({})).filter((a) => a.incidentId === incident!.id) : [];
  if (cmd.name === 'postmortem') {
    if (!incident) return { type: 'error', message: 'A postmortem needs an incident: `postmortem INCIDENT_ID`, or run it in the incident thread.' };
    return { type: 'postmortem', incidentId: incident.id, markdown: buildPostmortem({ incident, thread, actions }) };
  }
  const summary = summarizeThread({ incident, thread, actions });
  if (deps.llm) summary.prose = await deps.llm.complete(summaryPrompt(summary)).catch(() => undefined);
  return { type: 'summary', summary };
}

function summaryPrompt(s: ThreadSummary): string {
  return [
    'Rewrite this incident thread summary as three short paragraphs for engineers. Keep every fact, add none.',
    `Timeline:\n${s.timeline.map((t) => `- ${t.at} ${t.text}`).join('\n')}`,
    `Findings:\n${s.findings.map((f) => `- ${f}`).join('\n')}`,
    `Decisions:\n${s.decisions.map((d) => `- ${d}`).join('\n')}`,
    `Current state: ${s.state}`,
  ].join('\n\n');
}
