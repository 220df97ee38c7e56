/**
 * The closing loop of `aiops serve`: remediation driver and worker, the actions use cases, automatic proposals
 * from the decision engine when an incident opens, and the agent and Slack front ends that use them.
 */
import { join } from 'node:path';
import type { Config } from './config/config.js';
import type { ChangeStore, Clock, Incident, RemediationNotifier, ServiceGraph } from './core/index.js';
import type { Logger } from './obs/logger.js';
import type { AiopsMetrics } from './obs/metrics.js';
import type { OpsContext } from './ops/context.js';
import type { Stores } from './stores/open-stores.js';
import type { ActionsDeps } from './ops/actions.js';
import { decideAction, getAction, listActions, proposeAction } from './ops/actions.js';
import { listApprovers } from './ops/approvers.js';
import { proposeFromEngine } from './ops/propose-from-engine.js';
import { incidentChanges } from './ops/incident-changes.js';
import { loadKnowledge, type Knowledge } from './stores/knowledge-fs/load-knowledge.js';
import { createRemediation, type Remediation } from './workflows/remediation.js';
import { actionsConfigFrom, remediationConfigFrom } from './workflows/remediation-from-config.js';
import { actionsPortFrom, type AgentDeps } from './agent/index.js';
import { createAgent } from './ops/create-agent.js';
import { ask } from './ops/ask.js';
import { runQuery } from './ops/query.js';
import type { ChatDeps } from './ops/chat-deps.js';
import { createSlackApp, slackConfigured, type SlackApp } from './slack/app.js';
import type { IncidentChange } from './decision/incident-manager.js';

export interface LoopParts {
  actions: ActionsDeps;
  remediation: Remediation;
  agent: AgentDeps;
  chat: Omit<ChatDeps, 'ops'>;
  slack: SlackApp | undefined;
  knowledge: Knowledge;
  /** Pipeline listener: Slack incident threads and engine proposals. */
  onIncident(change: IncidentChange, graph: ServiceGraph): Promise<void>;
}

export async function createLoop(
  config: Readonly<Config>,
  deps: { stores: Stores; ops: OpsContext; clock: Clock; logger: Logger; metrics: AiopsMetrics; root: string; servers: boolean },
): Promise<LoopParts> {
  const { stores, ops, clock, logger, metrics } = deps;
  const knowledge = await loadKnowledge(join(deps.root, 'knowledge'));
  let slack: SlackApp | undefined;
  // Slack and remediation need each other (approver groups; thread reports): late-bound through these closures.
  const notifier: RemediationNotifier = { actionChanged: async (a, i) => slack?.notifier.actionChanged(a, i) };
  const staticApprovers = listApprovers(config.slack.approvers);
  const remediation = await createRemediation(remediationConfigFrom(config, { worker: deps.servers }), {
    actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock, logger, notifier,
  });
  const actions: ActionsDeps = {
    actions: stores.actions, incidents: stores.incidents, driver: remediation.driver, clock, config: actionsConfigFrom(config),
    approvers: (user) => (slack ? slack.isApprover(user) : staticApprovers(user)),
  };
  const agent = createAgent(
    { llm: config.llm, anonymize: config.llmAnonymize, secrets: config.secrets, prometheusUrl: config.prometheusUrl, promptsDir: join(deps.root, 'prompts'), runbooksDir: join(deps.root, 'knowledge', 'runbooks') },
    { ops, sqlClient: stores.client, registry: metrics.registry, logger, actions: actionsPortFrom({ propose: (r) => proposeAction(actions, r), get: (id) => stores.actions.get(id) }) },
  );
  const chat: Omit<ChatDeps, 'ops'> = {
    ask: (q) => ask(agent, q),
    query: (q) => runQuery(agent, q),
    actions: { decide: (r) => decideAction(actions, r), list: (q) => listActions(actions, q), get: (id) => getAction(actions, id) },
  };
  if (deps.servers && slackConfigured(config.slack)) slack = createSlackApp(config.slack, { ops, ...chat, state: stores.state, logger, metrics, clock });

  return {
    actions, remediation, agent, chat, slack, knowledge,
    async onIncident(change, graph) {
      slack?.notifier.incidentChanged(change);
      if (change.kind === 'resolved' || change.incident.rootCauses.length === 0) return;
      await proposeForIncident(actions, knowledge, change.incident, graph, logger, stores.changes);
    },
  };
}

/** The engine's best action for the incident, through the same proposal path as the API (one active per incident). */
async function proposeForIncident(actions: ActionsDeps, knowledge: Knowledge, incident: Incident, graph: ServiceGraph, logger: Logger, changeStore: ChangeStore): Promise<void> {
  const latest = Math.max(Date.parse(incident.openedAt), ...incident.anomalies.map((a) => Date.parse(a.windowStart) + 60_000));
  // Deployments come only from the telemetry (the pipeline stores each new service.version it sees).
  const changes = await incidentChanges(changeStore, incident, latest);
  const r = await proposeFromEngine(actions, { incident, rules: knowledge.rules, faultPatterns: knowledge.faultPatterns, graph, now: latest, changes });
  if (r && !r.result.ok) logger.info('no remediation proposed', { incident: incident.id, reason: r.result.error.message });
}
