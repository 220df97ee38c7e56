/**
 * ActionExecutor on Kubernetes: scale within bounds, rollout restart, rollback to the previous revision,
 * Istio circuit breaking (DestinationRule outlier detection) and local rate limiting (EnvoyFilter). A workload
 * change carries the action id and the undo plan as annotations in the same patch, with the read
 * resourceVersion as precondition: a retry reads the marker and sends nothing; a concurrent change gets 409.
 */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Action, Clock } from '../../../core/index.js';
import { ExecutorError, type ActionExecutor, type ExecOutcome, type UndoPlan } from '../../../core/executor.js';
import { MARK_ANNOTATION, MERGE, REVISION, STRATEGIC, UNDO_ANNOTATION, destinationRule, desiredReplicas, markerPatch, rateLimitFilter, restartBody, scaleBody, templateBody, workloadOf, type WorkloadRef } from '../k8s-plan.js';
import { createK8sClient, type K8sClient } from './k8s-client.js';

export { loadKubeConfig } from './k8s-client.js';

interface Workload extends KubernetesObject {
  spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> } } & Record<string, unknown> };
}

const refOf = (w: WorkloadRef): KubernetesObject => ({ apiVersion: w.apiVersion, kind: w.kind, metadata: { name: w.name, namespace: w.namespace } });

function outcome(client: K8sClient, from: number, detail: string, undo: UndoPlan, alreadyApplied = false): ExecOutcome {
  return { detail, undo, alreadyApplied, requests: client.sent.slice(from) };
}

/** The ReplicaSet template of the revision before the current one (what `kubectl rollout undo` restores). */
async function previousTemplate(client: K8sClient, dep: Workload): Promise<unknown> {
  const ns = dep.metadata?.namespace ?? 'default';
  const current = Number(dep.metadata?.annotations?.[REVISION] ?? NaN);
  const owned = (await client.list<Workload>('apps/v1', 'ReplicaSet', ns)).filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.uid === dep.metadata?.uid));
  const older = owned.map((rs) => ({ rs, rev: Number(rs.metadata?.annotations?.[REVISION] ?? NaN) })).filter((x) => Number.isFinite(x.rev) && (!Number.isFinite(current) || x.rev < current)).sort((a, b) => b.rev - a.rev);
  const prev = older[0]?.rs.spec?.template;
  if (!prev) throw new ExecutorError(`no previous revision of ${dep.metadata?.name} to roll back to`, false, 'NO_PREVIOUS_REVISION');
  const labels = { ...(prev.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...prev, metadata: { ...prev.metadata, labels } };
}

export function createK8sExecutor(kc: KubeConfig, deps: { clock: Clock }): ActionExecutor & { sent: K8sClient['sent'] } {
  const client = createK8sClient(kc);

  async function applyWorkload(action: Action): Promise<ExecOutcome> {
    const from = client.sent.length;
    const w = workloadOf(action);
    const obj = await client.read<Workload>(refOf(w));
    if (!obj) throw new ExecutorError(`${w.kind} ${w.namespace}/${w.name} not found`, false, 'NOT_FOUND');
    const ann = obj.metadata?.annotations ?? {};
    if (ann[MARK_ANNOTATION] === action.id) {
      return outcome(client, from, `${action.type} of ${w.name} was already applied`, JSON.parse(ann[UNDO_ANNOTATION] ?? '{"kind":"none","why":"no undo recorded"}') as UndoPlan, true);
    }
    const rv = obj.metadata?.resourceVersion;
    const base = { apiVersion: w.apiVersion, kind: w.kind };
    if (action.type === 'AUTO_SCALE') {
      const current = obj.spec?.replicas ?? 1;
      const want = desiredReplicas(action.params, current);
      if (want === null) throw new ExecutorError(`replicas "${String(action.params.replicas)}" is not a count, +N or xF`, false, 'BAD_PARAMS');
      const undo: UndoPlan = { kind: 'scale', replicas: current };
      const body = scaleBody(action.id, want, undo, rv) as { metadata: object };
      await client.patch({ ...base, ...body, metadata: { name: w.name, namespace: w.namespace, ...body.metadata } } as KubernetesObject, STRATEGIC);
      return outcome(client, from, `scaled ${w.kind} ${w.namespace}/${w.name} ${current} → ${want}`, undo);
    }
    if (action.type === 'RESTART') {
      const body = restartBody(action.id, new Date(deps.clock.now()).toISOString()) as { metadata: object };
      await client.patch({ ...base, ...body, metadata: { name: w.name, namespace: w.namespace, resourceVersion: rv, ...body.metadata } } as KubernetesObject, STRATEGIC);
      return outcome(client, from, `rollout restart of ${w.kind} ${w.namespace}/${w.name}`, { kind: 'none', why: 'a rollout restart cannot be undone' });
    }
    if (w.kind !== 'Deployment') throw new ExecutorError(`rollback of a ${w.kind} is not supported (only Deployments)`, false, 'UNSUPPORTED');
    const template = await previousTemplate(client, obj);
    const undo: UndoPlan = { kind: 'template', template: obj.spec?.template };
    const body = templateBody(action.id, template, undo) as { metadata: object };
    await client.patch({ ...base, ...body, metadata: { name: w.name, namespace: w.namespace, resourceVersion: rv, ...body.metadata } } as KubernetesObject, MERGE);
    return outcome(client, from, `rolled ${w.namespace}/${w.name} back to revision ${Number(obj.metadata?.annotations?.[REVISION] ?? 1) - 1}`, undo);
  }

  async function applyIstio(action: Action): Promise<ExecOutcome> {
    const from = client.sent.length;
    const obj = action.type === 'CIRCUIT_BREAK' ? destinationRule(action) : rateLimitFilter(action);
    const undo: UndoPlan = { kind: 'delete', resources: [{ apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name }] };
    const seen = await client.read(obj as KubernetesObject);
    if (seen?.metadata?.annotations?.[MARK_ANNOTATION] === action.id) return outcome(client, from, `${obj.kind} ${obj.metadata.name} was already created`, undo, true);
    if (seen) throw new ExecutorError(`${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} exists and belongs to another action`, false, 'CONFLICT');
    const r = await client.create(obj as KubernetesObject);
    return outcome(client, from, `${r === 'created' ? 'created' : 'found'} ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`, undo, r === 'exists');
  }

  return {
    kind: 'kubernetes',
    sent: client.sent,
    async apply(action) {
      if (action.type === 'AUTO_SCALE' || action.type === 'RESTART' || action.type === 'ROLLBACK') return applyWorkload(action);
      if (action.type === 'CIRCUIT_BREAK' || action.type === 'RATE_LIMIT') return applyIstio(action);
      return { detail: `${action.type}: nothing to execute`, undo: { kind: 'none', why: 'not mutating' }, alreadyApplied: false, requests: [] };
    },
    async revert(action, undo) {
      const from = client.sent.length;
      const w = workloadOf(action);
      const revertId = `${action.id}:revert`;
      const meta = { name: w.name, namespace: w.namespace, ...markerPatch(revertId, { kind: 'none', why: 'compensation' }) };
      if (undo.kind === 'scale' || undo.kind === 'template') {
        const now = await client.read(refOf(w));
        if (now?.metadata?.annotations?.[MARK_ANNOTATION] === revertId) return outcome(client, from, `revert of ${w.name} was already applied`, undo, true);
      }
      if (undo.kind === 'scale') await client.patch({ apiVersion: w.apiVersion, kind: w.kind, metadata: meta, spec: { replicas: undo.replicas } } as KubernetesObject, STRATEGIC);
      else if (undo.kind === 'template') await client.patch({ apiVersion: w.apiVersion, kind: w.kind, metadata: meta, spec: { template: undo.template } } as KubernetesObject, MERGE);
      else if (undo.kind === 'delete') for (const r of undo.resources) await client.remove({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name: r.name, namespace: r.namespace } });
      const detail = undo.kind === 'none' ? `nothing to revert: ${undo.why}` : `reverted ${undo.kind} of ${w.namespace}/${w.name}`;
      return outcome(client, from, detail, undo);
    },
  };
}
