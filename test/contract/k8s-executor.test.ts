import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/core/index.js';
import { createK8sExecutor, loadKubeConfig } from '../../src/workflows/executors/k8s/k8s-executor.js';
import { ExecutorError } from '../../src/core/executor.js';
import { startK8sStandIn, type K8sStandIn } from './k8s-standin.js';

const clock = { now: () => Date.UTC(2026, 0, 10, 3) };
const template = (image: string) => ({ metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image }] } });

function action(o: Partial<Action> = {}): Action {
  return { id: 'act-1', incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service: 'checkout', namespace: 'shop' }, params: { replicas: '+2', maxReplicas: 6 }, riskScore: 0.5, requiresApproval: false, status: 'running', dryRun: false, audit: [], ...o };
}

function seed(k: K8sStandIn) {
  const dep = k.put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { replicas: 3, template: template('checkout:v2') } });
  for (const [rev, image] of [[1, 'checkout:v1'], [2, 'checkout:v2']] as const) {
    k.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `checkout-${rev}`, namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': String(rev) }, ownerReferences: [{ uid: dep.metadata.uid, kind: 'Deployment', name: 'checkout' }] }, spec: { template: { ...template(image), metadata: { labels: { app: 'checkout', 'pod-template-hash': `h${rev}` } } } } });
  }
}

let k: K8sStandIn;
beforeEach(async () => {
  k = await startK8sStandIn({ forbidden: ['kube-system'] });
  seed(k);
});
afterEach(async () => k.close());

const writes = () => k.requests.filter((r) => r.method !== 'GET');
const dep = () => k.get('apps/v1', 'deployments', 'shop', 'checkout')!;

describe('Kubernetes executor against the stand-in API server', () => {
  it('scales within bounds with a strategic-merge patch sent first as dryRun=All; a retry sends nothing', async () => {
    const ex = createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock });
    const out = await ex.apply(action());
    expect(out).toMatchObject({ alreadyApplied: false, undo: { kind: 'scale', replicas: 3 } });
    expect(writes().map((r) => [r.method, r.path, r.contentType, r.dryRun])).toEqual([
      ['PATCH', '/apis/apps/v1/namespaces/shop/deployments/checkout', 'application/strategic-merge-patch+json', true],
      ['PATCH', '/apis/apps/v1/namespaces/shop/deployments/checkout', 'application/strategic-merge-patch+json', false],
    ]);
    expect(dep().spec.replicas).toBe(5);
    expect(dep().metadata.annotations['aiops.otlp-aiops.io/action-id']).toBe('act-1');
    const again = await createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock }).apply(action());
    expect(again).toMatchObject({ alreadyApplied: true, undo: { kind: 'scale', replicas: 3 } });
    expect(writes()).toHaveLength(2);
    await ex.revert(action(), again.undo);
    expect(dep().spec.replicas).toBe(3);
  });

  it('caps the replicas at maxReplicas', async () => {
    await createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock }).apply(action({ params: { replicas: 'x10', maxReplicas: 6 } }));
    expect(dep().spec.replicas).toBe(6);
  });

  it('restarts by stamping kubectl.kubernetes.io/restartedAt on the pod template', async () => {
    await createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock }).apply(action({ type: 'RESTART', params: {} }));
    expect(dep().spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-10T03:00:00.000Z');
    expect(dep().spec.template.spec.containers).toEqual([{ name: 'app', image: 'checkout:v2' }]);
  });

  it('rolls back to the previous revision’s template (merge patch) and compensates back', async () => {
    const ex = createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock });
    const out = await ex.apply(action({ type: 'ROLLBACK', params: {} }));
    expect(writes().at(-1)!.contentType).toBe('application/merge-patch+json');
    expect(dep().spec.template.spec.containers[0].image).toBe('checkout:v1');
    expect(dep().spec.template.metadata.labels).toEqual({ app: 'checkout' });
    await ex.revert(action({ type: 'ROLLBACK' }), out.undo);
    expect(dep().spec.template.spec.containers[0].image).toBe('checkout:v2');
  });

  it('creates an Istio DestinationRule with outlier detection and an EnvoyFilter local rate limit, once, and deletes them on revert', async () => {
    const ex = createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock });
    const cb = await ex.apply(action({ type: 'CIRCUIT_BREAK', params: { consecutive5xxErrors: 3 } }));
    const rl = await ex.apply(action({ id: 'act-2', type: 'RATE_LIMIT', params: { requestsPerSecond: 50 } }));
    const dr = k.get('networking.istio.io/v1', 'destinationrules', 'shop', 'aiops-cb-checkout')!;
    expect(dr.spec).toMatchObject({ host: 'checkout.shop.svc.cluster.local', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } });
    const ef = k.get('networking.istio.io/v1alpha3', 'envoyfilters', 'shop', 'aiops-rl-checkout')!;
    expect(ef.spec.configPatches[0].patch.value.typed_config.value.token_bucket).toEqual({ max_tokens: 50, tokens_per_fill: 50, fill_interval: '1s' });
    expect((await ex.apply(action({ type: 'CIRCUIT_BREAK' }))).alreadyApplied).toBe(true);
    expect(writes().filter((r) => r.method === 'POST').map((r) => r.dryRun)).toEqual([true, false, true, false]);
    await ex.revert(action({ type: 'CIRCUIT_BREAK' }), cb.undo);
    await ex.revert(action({ type: 'RATE_LIMIT' }), rl.undo);
    expect(k.get('networking.istio.io/v1', 'destinationrules', 'shop', 'aiops-cb-checkout')).toBeUndefined();
    expect(k.get('networking.istio.io/v1alpha3', 'envoyfilters', 'shop', 'aiops-rl-checkout')).toBeUndefined();
  });

  it('fails for good on a forbidden namespace (403 Status), and retryably on a resourceVersion conflict (409)', async () => {
    const ex = createK8sExecutor(loadKubeConfig(k.kubeconfig), { clock });
    const denied = await ex.apply(action({ target: { service: 'coredns', namespace: 'kube-system' } })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ExecutorError);
    expect(denied).toMatchObject({ retryable: false, type: 'FORBIDDEN', message: expect.stringContaining('cannot get resource "deployments"') });
    k.afterRead = (r) => {
      if (r.path.endsWith('/deployments/checkout')) dep().metadata.resourceVersion = String(Number(dep().metadata.resourceVersion) + 1000);
    };
    const conflict = await ex.apply(action()).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ retryable: true, type: 'CONFLICT' });
    expect(dep().spec.replicas).toBe(3);
  });

  it('the stand-in answers 415 to other patch types and honours dryRun=All on the scale subresource', async () => {
    const url = `${k.url}/apis/apps/v1/namespaces/shop/deployments/checkout`;
    const jsonPatch = await fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json-patch+json' }, body: '[]' });
    expect(jsonPatch.status).toBe(415);
    const dry = await fetch(`${url}/scale?dryRun=All`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: 9 } }) });
    expect(((await dry.json()) as { spec: { replicas: number } }).spec.replicas).toBe(9);
    expect(((await (await fetch(`${url}/scale`)).json()) as { spec: { replicas: number } }).spec.replicas).toBe(3);
  });
});
