/**
 * The Kubernetes and Istio objects each action sends, as pure functions (shared by the Kubernetes executor and
 * dry-run). Every change to a workload carries a marker annotation with the action id and the undo plan, in the
 * same patch, so a retry after a crash can see the change was made and what it replaced.
 */
import type { Action } from '../../core/index.js';
import type { UndoPlan } from '../../core/executor.js';

export const MARK_ANNOTATION = 'aiops.otlp-aiops.io/action-id';
export const UNDO_ANNOTATION = 'aiops.otlp-aiops.io/undo';
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
export const STRATEGIC = 'application/strategic-merge-patch+json';
export const MERGE = 'application/merge-patch+json';

export interface WorkloadRef {
  apiVersion: 'apps/v1';
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
}

export function workloadOf(action: Action): WorkloadRef {
  return { apiVersion: 'apps/v1', kind: action.target.kind ?? 'Deployment', namespace: action.target.namespace ?? 'default', name: action.target.service };
}

export function workloadPath(w: WorkloadRef): string {
  return `/apis/apps/v1/namespaces/${w.namespace}/${w.kind === 'StatefulSet' ? 'statefulsets' : 'deployments'}/${w.name}`;
}

/** `replicas` may be a count, "+N" or "xF"; the result is bounded by [1, maxReplicas]. Null: not understood. */
export function desiredReplicas(params: Record<string, unknown>, current: number): number | null {
  const spec = params.replicas ?? '+1';
  let want: number;
  if (typeof spec === 'number') want = spec;
  else if (typeof spec === 'string' && /^\+\d+$/.test(spec)) want = current + Number(spec.slice(1));
  else if (typeof spec === 'string' && /^x\d+(\.\d+)?$/.test(spec)) want = Math.ceil(current * Number(spec.slice(1)));
  else if (typeof spec === 'string' && /^\d+$/.test(spec)) want = Number(spec);
  else return null;
  const max = Number(params.maxReplicas ?? Math.max(current * 2, current + 1));
  return Math.max(1, Math.min(Math.floor(want), Number.isFinite(max) ? max : want));
}

export function markerPatch(actionId: string, undo: UndoPlan): { annotations: Record<string, string> } {
  return { annotations: { [MARK_ANNOTATION]: actionId, [UNDO_ANNOTATION]: JSON.stringify(undo) } };
}

export function scaleBody(actionId: string, replicas: number, undo: UndoPlan, resourceVersion?: string): unknown {
  return { metadata: { ...markerPatch(actionId, undo), ...(resourceVersion ? { resourceVersion } : {}) }, spec: { replicas } };
}

export function restartBody(actionId: string, at: string): unknown {
  return { metadata: markerPatch(actionId, { kind: 'none', why: 'a rollout restart cannot be undone' }), spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
}

/** Merge patch: the template's lists (containers) are replaced whole by the previous revision's. */
export function templateBody(actionId: string, template: unknown, undo: UndoPlan): unknown {
  return { metadata: markerPatch(actionId, undo), spec: { template } };
}

function safeName(prefix: string, action: Action): string {
  return `${prefix}-${action.target.service}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
}

export interface IstioObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: unknown;
}

const istioLabels = (_action: Action) => ({ 'app.kubernetes.io/managed-by': 'otlp-aiops' });

/** Outlier detection ejects failing endpoints: Istio's circuit breaker. */
export function destinationRule(action: Action): IstioObject {
  const ns = action.target.namespace ?? 'default';
  const p = action.params;
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: safeName('aiops-cb', action), namespace: ns, labels: istioLabels(action), annotations: { [MARK_ANNOTATION]: action.id } },
    spec: {
      host: `${action.target.service}.${ns}.svc.cluster.local`,
      trafficPolicy: {
        connectionPool: { http: { http1MaxPendingRequests: Number(p.maxPendingRequests ?? 100), maxRequestsPerConnection: Number(p.maxRequestsPerConnection ?? 10) } },
        outlierDetection: { consecutive5xxErrors: Number(p.consecutive5xxErrors ?? 5), interval: String(p.interval ?? '10s'), baseEjectionTime: String(p.baseEjectionTime ?? '30s'), maxEjectionPercent: Number(p.maxEjectionPercent ?? 50) },
      },
    },
  };
}

/** Envoy's local rate limit on the workload's inbound sidecar listener. */
export function rateLimitFilter(action: Action): IstioObject {
  const ns = action.target.namespace ?? 'default';
  const rps = Number(action.params.requestsPerSecond ?? 100);
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    metadata: { name: safeName('aiops-rl', action), namespace: ns, labels: istioLabels(action), annotations: { [MARK_ANNOTATION]: action.id } },
    spec: {
      workloadSelector: { labels: { app: action.target.service } },
      configPatches: [{
        applyTo: 'HTTP_FILTER',
        match: { context: 'SIDECAR_INBOUND', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } } } },
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.http.local_ratelimit',
            typed_config: {
              '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
              type_url: 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
              value: {
                stat_prefix: 'http_local_rate_limiter',
                token_bucket: { max_tokens: rps, tokens_per_fill: rps, fill_interval: '1s' },
                filter_enabled: { runtime_key: 'local_rate_limit_enabled', default_value: { numerator: 100, denominator: 'HUNDRED' } },
                filter_enforced: { runtime_key: 'local_rate_limit_enforced', default_value: { numerator: 100, denominator: 'HUNDRED' } },
              },
            },
          },
        },
      }],
    },
  };
}
