/**
 * Alert labels → our node. Labels are tried in the configured order (AIOPS_ALERT_SERVICE_LABELS); the first whose
 * value names a known node wins. `pod` values lose their ReplicaSet/StatefulSet suffix (`checkout-7d9f8b6c4-x2kqp`
 * → `checkout`), and `namespace/name` forms are tried as well as `name`.
 */

export const DEFAULT_SERVICE_LABELS = ['service', 'service_name', 'job', 'deployment', 'pod', 'container', 'app', 'app_kubernetes_io_name'] as const;

export interface NodeMatch {
  service: string;
  label: string;
}

/** `checkout-7d9f8b6c4-x2kqp` (Deployment) → `checkout`; `db-0` (StatefulSet) → `db`. */
export function podWorkload(pod: string): string {
  return pod.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '').replace(/-\d+$/, '');
}

function candidates(label: string, value: string, namespace: string | undefined): string[] {
  const out = [value];
  if (label === 'pod') out.push(podWorkload(value));
  // Prometheus `job` is often `namespace/name` (kube-prometheus) or `name-metrics`.
  if (value.includes('/')) out.push(value.slice(value.lastIndexOf('/') + 1));
  if (namespace) out.push(...out.map((v) => `${namespace}/${v}`));
  return out;
}

/**
 * The node an alert is about. Known nodes (the service graph) decide; when none is known the first present label
 * is still returned with `known: false`, so the alert keeps a readable name in an incident of its own.
 */
export function mapAlertToNode(labels: Record<string, string>, order: readonly string[], known: ReadonlySet<string>): (NodeMatch & { known: boolean }) | null {
  const ns = labels.namespace;
  for (const label of order) {
    const v = labels[label];
    if (!v) continue;
    const hit = candidates(label, v, ns).find((c) => known.has(c));
    if (hit) return { service: hit, label, known: true };
  }
  for (const label of order) {
    const v = labels[label];
    if (v) return { service: label === 'pod' ? podWorkload(v) : v, label, known: false };
  }
  return null;
}
