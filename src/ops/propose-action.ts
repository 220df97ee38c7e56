/**
 * Proposing a remediation: validate, guard, score the risk with the seed's formula, store, start the driver.
 * Only the decision engine's own proposals (`origin: 'engine'`) may run without a person: a proposal from
 * outside (API, MCP, the agent, anyone who does not say otherwise) always waits for an approval, its
 * `confidence` is capped at the engine's own for that incident, and its params must pass action-params.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Action, ActionTarget, ActionType, Incident } from '../core/index.js';
import { ACTION_TYPES, DEFAULT_DECISION_CONFIG, guardAction, isMutating } from '../decision/engine/index.js';
import { approvalFor, riskScore } from '../decision/risk/risk-score.js';
import type { ActionsDeps } from './actions-deps.js';
import type { OpsResult } from './context.js';
import { validateParams } from './action-params.js';

export interface ProposeRequest {
  incidentId: string;
  type: ActionType;
  target: ActionTarget;
  params?: Record<string, unknown>;
  /** 0..1; default: the incident's root-cause score for that service × the seed's rule confidence 0.9; from outside, capped at that. */
  confidence?: number;
  /** The authenticated proposer (credential identity, `engine`); never a request body field. */
  proposedBy?: string;
  /** `engine`: the decision engine's own proposal; anything else is a proposal from outside (the default). */
  origin?: 'engine' | 'outside';
  /** Event time of the decision (peak hours); default the clock. */
  eventTime?: number;
  /** Why (rule, facts); the engine's `reason` lines. */
  reason?: string[];
  /** Always wait for a person, whatever the risk (proposals from the agent: text is never an approval). */
  requireApproval?: boolean;
  /** The engine's matched fault pattern, kept on the action so outcomes build the per-pattern success history. */
  faultPattern?: string;
}

const ACTIVE = new Set(['proposed', 'approved', 'running']);
const RECENT_FAILURE_MS = 24 * 3600_000;

export function newActionId(nowMs: number): string {
  const t = new Date(nowMs).toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `act-${t}-${randomBytes(3).toString('hex')}`;
}

function defaultConfidence(incident: Incident, service: string): number {
  const rc = incident.rootCauses.find((r) => r.service === service) ?? incident.rootCauses[0];
  return rc ? rc.score * 0.9 : 0.5;
}

// Kubernetes object names (DNS-1123): the target becomes part of an API path, so nothing else may pass.
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const K8S_NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function bad(message: string, code: 'BAD_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' = 'BAD_INPUT'): OpsResult<never> {
  return { ok: false, error: { code, message } };
}

export async function proposeAction(d: ActionsDeps, req: ProposeRequest): Promise<OpsResult<Action>> {
  if (!(ACTION_TYPES as readonly string[]).includes(req.type)) return bad(`"type" must be one of ${ACTION_TYPES.join(', ')}`);
  if (!req.target?.service) return bad('"target.service" is required');
  if (!K8S_NAME.test(req.target.service)) return bad('"target.service" must be a Kubernetes object name (lowercase letters, digits, "-", ".")');
  if (req.target.namespace !== undefined && !K8S_NAMESPACE.test(req.target.namespace)) return bad('"target.namespace" must be a Kubernetes namespace name');
  if (req.confidence !== undefined && !(req.confidence >= 0 && req.confidence <= 1)) return bad('"confidence" must be in 0..1');
  const outside = req.origin !== 'engine';
  let params = req.params ?? {};
  if (outside) {
    const checked = validateParams(req.type, params);
    if (!checked.ok) return bad(checked.message);
    params = checked.value;
  }
  const incident = await d.incidents.get(req.incidentId);
  if (!incident) return bad(`no incident with id "${req.incidentId}"`, 'NOT_FOUND');
  const cfg = d.config;
  const target: ActionTarget = { ...req.target, namespace: req.target.namespace ?? cfg.defaultNamespace ?? 'default' };
  const recent = await d.actions.list({ limit: 1000 });
  const active = recent.filter((a) => ACTIVE.has(a.status) && isMutating(a.type)).length;
  const refused = guardAction({ type: req.type, target }, { killSwitch: !cfg.actionsEnabled, allowedNamespaces: cfg.allowedNamespaces, maxConcurrentActions: cfg.maxConcurrent, active });
  if (refused) return bad(refused, 'FORBIDDEN');

  const now = d.clock.now();
  const failures = recent.filter((a) => a.type === req.type && a.target.service === target.service && (a.status === 'failed' || a.status === 'compensated') && Date.parse(a.createdAt ?? '') >= now - RECENT_FAILURE_MS).length;
  const own = defaultConfidence(incident, target.service);
  const confidence = outside ? Math.min(req.confidence ?? own, own) : (req.confidence ?? own);
  const risk = riskScore({ type: req.type, confidence, eventTime: req.eventTime ?? now, peakHours: cfg.peakHours ?? DEFAULT_DECISION_CONFIG.peakHours, utcOffsetMinutes: cfg.utcOffsetMinutes ?? 0, recentFailures: failures });
  const scored = approvalFor(req.type, risk.score, { approvalThreshold: cfg.approvalThreshold, dualApprovalRisk: cfg.dualApprovalRisk ?? DEFAULT_DECISION_CONFIG.dualApprovalRisk });
  const need = req.requireApproval || outside ? { ...scored, requiresApproval: true } : scored;
  const f = risk.factors;
  const riskLine = `risk ${risk.score.toFixed(3)} = base ${f.base} × peak ${f.peak} × failures ${f.failures.toFixed(1)} × (2 − confidence ${confidence.toFixed(3)})${risk.uncapped > 1 ? ' capped at 1' : ''}`;
  const proposedBy = req.proposedBy ?? 'api';
  const at = new Date(now).toISOString();
  const action: Action = {
    id: newActionId(now),
    incidentId: incident.id,
    type: req.type,
    target,
    params,
    riskScore: risk.score,
    requiresApproval: need.requiresApproval,
    requiredApprovers: need.requiredApprovers,
    status: 'proposed',
    dryRun: cfg.dryRun,
    proposedBy,
    createdAt: at,
    reason: [...(req.reason ?? []), riskLine],
    ...(req.faultPattern ? { faultPattern: req.faultPattern } : {}),
    audit: [{ at, actor: proposedBy, event: 'proposed', detail: `${req.type} ${target.namespace}/${target.service}; ${riskLine}; ${need.requiresApproval ? `needs ${need.requiredApprovers} approver(s)` : 'no approval needed'}`, evidence: [...(req.reason ?? []), ...incident.rootCauses.slice(0, 1).flatMap((r) => r.evidence)] }],
  };
  await d.actions.create(action);
  await d.driver.start(action);
  return { ok: true, value: (await d.actions.get(action.id)) ?? action };
}
