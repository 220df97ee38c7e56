/**
 * The automatic path from an open incident to a proposal: the decision engine ranks the candidate actions and
 * the best mutating one (else the best of all, an ALERT or MANUAL step) goes through `proposeAction`, so it gets
 * the same guards, risk, approval need and audit as a proposal from Slack or the API. At most one active
 * proposal per incident: a second call while one is proposed, approved or running changes nothing.
 */
import type { Action, Incident, ServiceGraph } from '../core/index.js';
import { decideWithTrace, DEFAULT_DECISION_CONFIG, historyFromActions, isMutating, successRate, type ActionHistory, type ChangeEvent, type DecisionConfig, type ProposedAction, type Workload } from '../decision/engine/index.js';
import type { FaultPattern, Rule } from '../decision/knowledge-schema.js';
import type { ActionsDeps } from './actions-deps.js';
import type { OpsResult } from './context.js';
import { proposeAction } from './propose-action.js';

export interface EngineProposalInput {
  incident: Incident;
  rules: readonly Rule[];
  faultPatterns?: readonly FaultPattern[];
  graph: ServiceGraph;
  /** Event time of the decision (the incident's latest window end). */
  now: number;
  history?: ActionHistory;
  changes?: readonly ChangeEvent[];
  workloads?: Readonly<Record<string, Workload>>;
  decisionConfig?: Partial<DecisionConfig>;
}

const ACTIVE = new Set(['proposed', 'approved', 'running']);
const RECENT_MS = 24 * 3_600_000;

/** null: nothing proposed (an action is already active for the incident, or the engine had nothing). */
export async function proposeFromEngine(d: ActionsDeps, input: EngineProposalInput): Promise<{ proposal: ProposedAction; result: OpsResult<Action> } | null> {
  const existing = await d.actions.list({ incidentId: input.incident.id, limit: 50 });
  if (existing.some((a) => ACTIVE.has(a.status))) return null;
  const config: DecisionConfig = { ...DEFAULT_DECISION_CONFIG, approvalThreshold: d.config.approvalThreshold, killSwitch: !d.config.actionsEnabled, allowedNamespaces: d.config.allowedNamespaces, maxConcurrentActions: d.config.maxConcurrent, ...input.decisionConfig };
  // Historical success per (service, action, fault pattern) comes from the finished actions in the store.
  const history = input.history ?? historyFromActions(await d.actions.list({ limit: 5000 }), d.clock.now() - RECENT_MS);
  const decision = decideWithTrace({ incident: input.incident, rules: input.rules, faultPatterns: input.faultPatterns, history, graph: input.graph, now: input.now, config, changes: input.changes, workloads: input.workloads });
  const proposals = decision.proposed;
  // A fix that has not failed more often than it worked for this pattern beats an alert; one with a poor record
  // gives way to the engine's top choice (usually escalating to people).
  const proven = (p: ProposedAction) => successRate(history, p.target.service, p.type, decision.faultPattern) >= 0.5;
  const best = proposals.find((p) => isMutating(p.type) && proven(p)) ?? proposals[0];
  if (!best) return null;
  const result = await proposeAction(d, { incidentId: input.incident.id, type: best.type, target: best.target, params: best.params, confidence: best.confidence, proposedBy: 'engine', origin: 'engine', eventTime: input.now, reason: best.reason, faultPattern: decision.faultPattern });
  return { proposal: best, result };
}
