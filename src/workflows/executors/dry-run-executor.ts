/**
 * AIOPS_EXECUTOR=dry-run: builds the exact request the Kubernetes executor would send and records it in the
 * action's audit (`dry-run` entry, the request as evidence) instead of sending it. The recorded entry is also
 * the idempotency key: a retry finds it and records nothing new.
 */
import type { Action, ActionStore, Clock } from '../../core/index.js';
import type { ActionExecutor, ExecOutcome, SentRequest, UndoPlan } from '../../core/executor.js';
import { MERGE, STRATEGIC, destinationRule, desiredReplicas, rateLimitFilter, restartBody, scaleBody, workloadOf, workloadPath } from './k8s-plan.js';

function plan(action: Action, at: string): { requests: SentRequest[]; undo: UndoPlan; detail: string } {
  const w = workloadOf(action);
  const path = workloadPath(w);
  switch (action.type) {
    case 'AUTO_SCALE': {
      const from = Number(action.params.fromReplicas ?? 1);
      const to = desiredReplicas(action.params, from) ?? from;
      const undo: UndoPlan = { kind: 'scale', replicas: from };
      return { requests: [{ method: 'PATCH', path, contentType: STRATEGIC, body: scaleBody(action.id, to, undo) }], undo, detail: `would scale ${w.kind} ${w.namespace}/${w.name} ${from} → ${to}` };
    }
    case 'RESTART':
      return { requests: [{ method: 'PATCH', path, contentType: STRATEGIC, body: restartBody(action.id, at) }], undo: { kind: 'none', why: 'a rollout restart cannot be undone' }, detail: `would restart ${w.kind} ${w.namespace}/${w.name}` };
    case 'ROLLBACK':
      return { requests: [{ method: 'PATCH', path, contentType: MERGE, body: { note: 'spec.template of the previous revision (read from its ReplicaSet at run time)' } }], undo: { kind: 'none', why: 'dry-run has no template to restore' }, detail: `would roll ${w.kind} ${w.namespace}/${w.name} back to the previous revision` };
    case 'CIRCUIT_BREAK':
    case 'RATE_LIMIT': {
      const obj = action.type === 'CIRCUIT_BREAK' ? destinationRule(action) : rateLimitFilter(action);
      const group = obj.apiVersion;
      const plural = obj.kind === 'DestinationRule' ? 'destinationrules' : 'envoyfilters';
      return { requests: [{ method: 'POST', path: `/apis/${group}/namespaces/${obj.metadata.namespace}/${plural}`, contentType: 'application/json', body: obj }], undo: { kind: 'delete', resources: [{ apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name }] }, detail: `would create ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}` };
    }
    default:
      return { requests: [], undo: { kind: 'none', why: 'not mutating' }, detail: `${action.type}: nothing to execute` };
  }
}

export function createDryRunExecutor(deps: { actions: ActionStore; clock: Clock }): ActionExecutor {
  async function record(action: Action, event: string, p: { requests: SentRequest[]; undo: UndoPlan; detail: string }): Promise<ExecOutcome> {
    const seen = action.audit.find((e) => e.event === event);
    if (seen) return { detail: seen.detail, undo: p.undo, alreadyApplied: true, requests: [] };
    await deps.actions.appendAudit(action.id, { at: new Date(deps.clock.now()).toISOString(), actor: 'dry-run', event, detail: p.detail, evidence: p.requests.map((r) => JSON.stringify(r)) });
    return { ...p, alreadyApplied: false };
  }
  return {
    kind: 'dry-run',
    async apply(action) {
      const fresh = (await deps.actions.get(action.id)) ?? action;
      return record(fresh, 'dry-run', plan(fresh, new Date(deps.clock.now()).toISOString()));
    },
    async revert(action, undo) {
      const fresh = (await deps.actions.get(action.id)) ?? action;
      const requests: SentRequest[] = undo.kind === 'scale'
        ? [{ method: 'PATCH', path: workloadPath(workloadOf(action)), contentType: STRATEGIC, body: { spec: { replicas: undo.replicas } } }]
        : undo.kind === 'delete' ? undo.resources.map((r) => ({ method: 'DELETE' as const, path: `/apis/${r.apiVersion}/namespaces/${r.namespace}/${r.kind === 'DestinationRule' ? 'destinationrules' : 'envoyfilters'}/${r.name}` })) : [];
      return record(fresh, 'dry-run-revert', { requests, undo, detail: requests.length ? `would revert: ${requests.map((r) => `${r.method} ${r.path}`).join('; ')}` : `nothing to revert (${undo.kind === 'none' ? undo.why : undo.kind})` });
    },
  };
}
