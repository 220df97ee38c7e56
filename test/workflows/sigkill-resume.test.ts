/**
 * Killing the worker (SIGKILL) right after the Kubernetes API stored its patch, before the worker heard back,
 * then starting it again completes the remediation exactly once: one real PATCH, a succeeded action.
 * Runs on the embedded driver (needs PostgreSQL: two processes share the store) and on Temporal when
 * TEMPORAL_ADDRESS is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/core/index.js';
import { proposeAction } from '../../src/ops/actions.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createRemediation } from '../../src/workflows/remediation.js';
import { startK8sStandIn, type K8sStandIn } from '../contract/k8s-standin.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { featureRow } from '../stores/fixtures.js';
import { incident } from './harness.js';

const adminUrl = inject('pgUrl');
const WORKER = fileURLToPath(new URL('./fixtures/remediation-worker.ts', import.meta.url));
const WINDOW_MS = 300;

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('READY') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function waitFor(what: string, fn: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const drivers = [
  { name: 'embedded driver', temporal: undefined as string | undefined },
  ...(process.env.TEMPORAL_ADDRESS ? [{ name: 'Temporal', temporal: process.env.TEMPORAL_ADDRESS }] : []),
];

const suite = adminUrl ? describe : describe.skip;
suite(adminUrl ? 'SIGKILL mid-remediation, then restart: exactly once' : `SIGKILL suite skipped: no PostgreSQL (${inject('pgSkipReason') || 'no server'})`, () => {
  let k: K8sStandIn | undefined;
  let db: TestDatabase | undefined;
  let stores: Stores | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stores?.close();
    await db?.drop();
    await k?.close();
  });

  it.each(drivers)('$name', async ({ temporal }) => {
    k = await startK8sStandIn();
    k.put({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout', namespace: 'shop' }, spec: { replicas: 2, template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image: 'v1' }] } } } });
    db = await createTestDatabase(adminUrl);
    stores = await openStores({ databaseUrl: db.url, dataDir: 'memory://', timescale: 'off' });
    await stores.incidents.save(incident());
    const env = { DATABASE_URL: db.url, KUBECONFIG: k.kubeconfig, WINDOW_MS: String(WINDOW_MS), TASK_QUEUE: `aiops-kill-${randomUUID()}`, TEMPORAL_ADDRESS: temporal ?? '' };

    const worker: { first?: ChildProcess } = {};
    let killed = false;
    k.afterWrite = async (r) => {
      const first = worker.first;
      if (r.method === 'PATCH' && first && !killed) {
        killed = true;
        first.kill('SIGKILL');
        await new Promise((res) => first.once('exit', res));
      }
    };
    worker.first = await startWorker(env);
    children.push(worker.first);

    const only = await createRemediation({ temporal: temporal ? { address: temporal, namespace: 'default', taskQueue: env.TASK_QUEUE } : undefined, executor: 'kubernetes', approvalTimeoutMs: 60_000, windowMs: WINDOW_MS, activityTimeoutMs: 3000, actionsEnabled: true, maxConcurrent: 3, worker: false }, { actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock: systemClock });
    const p = await proposeAction({ actions: stores.actions, incidents: stores.incidents, approvers: async () => true, driver: only.driver, clock: systemClock, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 3, dryRun: false } }, { incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service: 'checkout', namespace: 'shop' }, params: { replicas: '+2', maxReplicas: 6 }, confidence: 0.9, eventTime: Date.UTC(2026, 0, 10, 3), origin: 'engine' });
    if (!p.ok) throw new Error(p.error.message);
    const id = p.value.id;

    await waitFor('the first worker to be killed after its patch', () => killed && worker.first!.signalCode === 'SIGKILL');
    expect(k.get('apps/v1', 'deployments', 'shop', 'checkout')!.spec.replicas).toBe(4);
    expect((await stores.actions.get(id))!.status).toBe('running');
    await stores.features.upsertWindows([0, 1].map((i) => featureRow({ service: 'checkout', windowStart: (Math.ceil(Date.now() / 60_000) + i) * 60_000, p99Ms: 100 })));

    children.push(await startWorker(env));
    await waitFor('the action to succeed', async () => (await stores!.actions.get(id))?.status === 'succeeded');
    await only.close();

    const patches = k.requests.filter((r) => r.method === 'PATCH' && !r.dryRun);
    expect(patches).toHaveLength(1);
    expect(k.get('apps/v1', 'deployments', 'shop', 'checkout')!.spec.replicas).toBe(4);
    const events = (await stores.actions.get(id))!.audit.map((e) => e.event);
    expect(events.filter((e) => e === 'executed')).toHaveLength(1);
    expect(events.at(-1)).toBe('succeeded');
  }, 120_000);
});
