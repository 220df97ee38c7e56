/** Builds the candidate actions of one matched rule: targets, params, confidence, risk, approval, blast radius. */
import { approvalFor, riskScore } from '../risk/risk-score.js';
import type { ActionTemplate, Rule } from '../knowledge-schema.js';
import { blastRadius } from './blast-radius.js';
import { recentFailures, successRate } from './history.js';
import type { IncidentFacts } from './incident-facts.js';
import { formatNumber } from './match-rule.js';
import { planReplicas, renderParams, type TemplateValues } from './render-params.js';
import type { DecideInput, ProposedAction } from './types.js';

export interface Candidate {
  action: ProposedAction;
  cooldownMs: number;
  /** Laplace-smoothed success rate of this type on this service for the incident's fault pattern. */
  successRate: number;
  /** Set when the action cannot be carried out as written (e.g. already at maxReplicas). */
  blocked?: string;
}

export function instantiate(rule: Rule, why: string[], facts: IncidentFacts, input: DecideInput): Candidate[] {
  const out: Candidate[] = [];
  for (const template of rule.actions) {
    const targets = template.target === 'callers' ? facts.callers : facts.rootService ? [facts.rootService] : [];
    for (const service of targets) out.push(candidate(rule, template, service, why, facts, input));
  }
  return out;
}

function candidate(rule: Rule, template: ActionTemplate, service: string, why: string[], facts: IncidentFacts, input: DecideInput): Candidate {
  const { config, history } = input;
  const workload = input.workloads?.[service] ?? {};
  const namespace = workload.namespace ?? config.defaultNamespace;
  const confidence = Math.min(1, Math.max(0, (facts.root?.score ?? 0) * rule.confidence));
  const failures = recentFailures(history, service, template.type);
  const risk = riskScore({
    type: template.type,
    confidence,
    eventTime: input.now,
    peakHours: config.peakHours,
    utcOffsetMinutes: config.utcOffsetMinutes,
    recentFailures: failures,
  });
  const approval = approvalFor(template.type, risk.score, config);
  const params = renderParams(template.params, templateValues(service, namespace, facts));
  let blocked: string | undefined;
  if (template.type === 'AUTO_SCALE' && workload.replicas !== undefined) {
    const plan = planReplicas(template.params.replicas as string | number, workload.replicas, template.params.maxReplicas as number);
    if (plan.ok) Object.assign(params, { replicas: plan.replicas, fromReplicas: workload.replicas });
    else blocked = plan.reason;
  }
  const f = risk.factors;
  const action: ProposedAction = {
    incidentId: facts.incidentId,
    type: template.type,
    target: { service, namespace, ...(workload.kind ? { kind: workload.kind } : {}) },
    params,
    confidence,
    riskScore: risk.score,
    ...approval,
    priority: template.priority,
    ruleId: rule.id,
    reason: [
      `rule ${rule.id}: ${rule.description}`,
      ...why,
      `confidence ${formatNumber(confidence)} = root-cause score ${formatNumber(facts.root?.score ?? 0)} × rule ${rule.confidence}`,
      `risk ${formatNumber(risk.score)} = base ${f.base} × peak ${f.peak} × failures ${formatNumber(f.failures)} × (2 − confidence) ${formatNumber(f.confidence)}${risk.uncapped > 1 ? ', capped at 1' : ''}`,
    ],
    blastRadius: blastRadius(input.graph, service, config.blastRadiusHops),
  };
  return {
    action,
    cooldownMs: template.cooldown ?? rule.cooldown,
    successRate: successRate(history, service, template.type, facts.pattern.id),
    ...(blocked ? { blocked } : {}),
  };
}

function templateValues(service: string, namespace: string, facts: IncidentFacts): TemplateValues {
  return {
    service,
    rootService: facts.rootService ?? undefined,
    indicator: facts.root?.indicator,
    severity: facts.severity,
    incidentId: facts.incidentId,
    faultPattern: facts.pattern.id,
    namespace,
    version: facts.change?.version,
    previousVersion: facts.change?.previousVersion,
  };
}
