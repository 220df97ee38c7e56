/**
 * The executor against a real cluster when KUBECONFIG is set (namespace AIOPS_TEST_K8S_NAMESPACE, default
 * `default`): the same behaviours as against the stand-in, observed on the objects. It creates and deletes its
 * own Deployment `aiops-exec-test-<random>`; Istio cases run only where the Istio CRDs are served.
 */
import { randomBytes } from 'node:crypto';
import { AppsV1Api, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../src/core/index.js';
import { createK8sExecutor, loadKubeConfig } from '../../src/workflows/executors/k8s/k8s-executor.js';

const kubeconfig = process.env.KUBECONFIG;
const ns = process.env.AIOPS_TEST_K8S_NAMESPACE ?? 'default';
const suite = kubeconfig ? describe : describe.skip;

suite(kubeconfig ? `Kubernetes executor on the cluster of ${kubeconfig} (namespace ${ns})` : 'Kubernetes cluster suite skipped: KUBECONFIG is not set (the stand-in suite covers the executor)', () => {
  const name = `aiops-exec-test-${randomBytes(3).toString('hex')}`;
  const kc = kubeconfig ? loadKubeConfig(kubeconfig) : undefined;
  const apps = kc?.makeApiClient(AppsV1Api);
  const clock = { now: () => Date.now() };
  const action = (o: Partial<Action>): Action => ({ id: `act-${randomBytes(3).toString('hex')}`, incidentId: 'inc-test', type: 'AUTO_SCALE', target: { service: name, namespace: ns }, params: {}, riskScore: 0.5, requiresApproval: false, status: 'running', dryRun: false, audit: [], ...o });
  const read = () => apps!.readNamespacedDeployment({ name, namespace: ns });
  const body = (image: string): V1Deployment => ({ metadata: { name, namespace: ns }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } } });

  beforeAll(async () => {
    await apps!.createNamespacedDeployment({ namespace: ns, body: body('registry.k8s.io/pause:3.9') });
    await apps!.patchNamespacedDeployment({ name, namespace: ns, body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } } } });
    for (let i = 0; i < 60 && (await apps!.listNamespacedReplicaSet({ namespace: ns, labelSelector: `app=${name}` })).items.length < 2; i++) await new Promise((r) => setTimeout(r, 500));
  }, 60_000);
  afterAll(async () => {
    await apps?.deleteNamespacedDeployment({ name, namespace: ns }).catch(() => undefined);
  });

  it('scales within bounds once, and a retry of the same action changes nothing', async () => {
    const a = action({ params: { replicas: '+5', maxReplicas: 2 } });
    const out = await createK8sExecutor(kc!, { clock }).apply(a);
    expect(out).toMatchObject({ alreadyApplied: false, undo: { kind: 'scale', replicas: 1 } });
    const rv = (await read()).metadata?.resourceVersion;
    expect((await read()).spec?.replicas).toBe(2);
    expect((await createK8sExecutor(kc!, { clock }).apply(a)).alreadyApplied).toBe(true);
    expect((await read()).metadata?.resourceVersion).toBe(rv);
  });

  it('rolls back to the previous revision and compensates back', async () => {
    const ex = createK8sExecutor(kc!, { clock });
    const before = (await read()).spec?.template.spec?.containers[0]?.image;
    const out = await ex.apply(action({ type: 'ROLLBACK' }));
    expect((await read()).spec?.template.spec?.containers[0]?.image).not.toBe(before);
    await ex.revert(action({ type: 'ROLLBACK' }), out.undo);
    expect((await read()).spec?.template.spec?.containers[0]?.image).toBe(before);
  });
  it('restarts by stamping the pod template', async () => {
    await createK8sExecutor(kc!, { clock }).apply(action({ type: 'RESTART' }));
    expect((await read()).spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
  });

});
