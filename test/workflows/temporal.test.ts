/** The remediation workflow on a real Temporal dev server (scripts/start-temporal.sh); skipped without one. */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type ActionStatus } from '../../src/core/index.js';
import { decideAction, proposeAction, type ActionsDeps } from '../../src/ops/actions.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createRemediation, type Remediation } from '../../src/workflows/remediation.js';
import { featureRow } from '../stores/fixtures.js';
import { incident } from './harness.js';

const address = process.env.TEMPORAL_ADDRESS;
const suite = address ? describe : describe.skip;

suite(address ? `remediation workflow on Temporal at ${address}` : 'Temporal suite skipped: TEMPORAL_ADDRESS is not set (scripts/start-temporal.sh)', () => {
  let stores: Stores;
  let r: Remediation;
  let deps: ActionsDeps;
  const notified: string[] = [];
  const target = { service: 'checkout', namespace: 'shop' };

  beforeAll(async () => {
    stores = await openStores({ dataDir: 'memory://' });
    await stores.incidents.save(incident());
    r = await createRemediation(
      { temporal: { address: address!, namespace: 'default', taskQueue: `aiops-test-${randomUUID()}` }, executor: 'dry-run', approvalTimeoutMs: 4000, windowMs: 400, verifyWindows: 3, actionsEnabled: true, maxConcurrent: 10 },
      { actions: stores.actions, incidents: stores.incidents, features: stores.features, runs: stores.remediationRuns, clock: systemClock, notifier: { actionChanged: async (a) => void notified.push(`${a.id}:${a.status}`) } },
    );
    await r.worker!.start();
    deps = { actions: stores.actions, incidents: stores.incidents, approvers: async (u) => u.startsWith('U'), driver: r.driver, clock: systemClock, config: { approvalThreshold: 0.7, actionsEnabled: true, maxConcurrent: 10, dryRun: true } };
  }, 120_000);
  afterAll(async () => {
    await r?.worker?.stop();
    await r?.close();
    await stores?.close();
  });

  async function until(id: string, status: ActionStatus, ms = 20_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if ((await stores.actions.get(id))?.status === status) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error(`${id} did not reach ${status}: ${(await stores.actions.get(id))?.status}`);
  }

  async function settled(id: string) {
    const end = Date.now() + 10_000;
    while ((await r.driver.state(id))?.phase !== 'done' && Date.now() < end) await new Promise((res) => setTimeout(res, 100));
    return r.driver.state(id);
  }

  async function propose(type: 'RESTART' | 'AUTO_SCALE', confidence = 0.8) {
    const p = await proposeAction(deps, { incidentId: 'inc-1', type, target, confidence, params: { replicas: '+1', fromReplicas: 2, maxReplicas: 4 }, eventTime: Date.UTC(2026, 0, 10, 3), origin: 'engine' });
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  }

  const recovered = (p99: number) => stores.features.upsertWindows([featureRow({ service: 'checkout', windowStart: Math.ceil(Date.now() / 60_000) * 60_000, p99Ms: p99 })]);

  it('approve → execute → verified recovery → succeeded, with the state exposed by query', async () => {
    const a = await propose('RESTART');
    // The query answers once the first workflow task ran; the notify step comes first, then the wait.
    const end = Date.now() + 10_000;
    while ((await r.driver.state(a.id))?.phase !== 'awaiting-decision' && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
    expect(await r.driver.state(a.id)).toMatchObject({ phase: 'awaiting-decision', status: 'proposed', verifyAttempts: 0 });
    await decideAction(deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'slack' });
    await recovered(100);
    await until(a.id, 'succeeded');
    expect(await settled(a.id)).toMatchObject({ phase: 'done', status: 'succeeded', verifyAttempts: 1 });
    expect(notified.filter((n) => n.startsWith(a.id)).map((n) => n.split(':')[1])).toEqual(['proposed', 'approved', 'running', 'succeeded']);
    // AIOPS_RECORD_HISTORY=FILE lists the workflow ids whose histories refresh test/fixtures/temporal/ (see its README).
    if (process.env.AIOPS_RECORD_HISTORY) await appendFile(process.env.AIOPS_RECORD_HISTORY, `remediate-approved remediate-${a.id}\n`);
  });

  it('reject stops it', async () => {
    const a = await propose('RESTART');
    await decideAction(deps, { actionId: a.id, decision: 'reject', user: 'U2', via: 'api' });
    await until(a.id, 'rejected');
    expect(await settled(a.id)).toMatchObject({ phase: 'done', status: 'rejected', verifyAttempts: 0 });
    // The first report may already see the rejection (the store is read when it is sent); the last one must.
    expect(notified.filter((n) => n.startsWith(a.id)).at(-1)).toBe(`${a.id}:rejected`);
    if (process.env.AIOPS_RECORD_HISTORY) await appendFile(process.env.AIOPS_RECORD_HISTORY, `remediate-rejected remediate-${a.id}\n`);
  });

  it('expires after the approval timeout', async () => {
    const a = await propose('RESTART');
    await until(a.id, 'expired', 15_000);
    expect((await stores.actions.get(a.id))!.audit.map((e) => e.event)).toEqual(['proposed', 'expired']);
    expect(await settled(a.id)).toMatchObject({ phase: 'done', status: 'expired', verifyAttempts: 0 });
    if (process.env.AIOPS_RECORD_HISTORY) await appendFile(process.env.AIOPS_RECORD_HISTORY, `remediate-expired remediate-${a.id}\n`);
  });

  it('compensates when verification fails for N windows', async () => {
    await stores.features.upsertWindows([0, 1, 2].map((i) => featureRow({ service: 'checkout', windowStart: (Math.ceil(Date.now() / 60_000) + i) * 60_000, p99Ms: 900 })));
    const a = await propose('AUTO_SCALE', 1);
    await until(a.id, 'compensated');
    const events = (await stores.actions.get(a.id))!.audit.map((e) => e.event);
    expect(events.filter((e) => e === 'not-recovered')).toHaveLength(3);
    expect(events.slice(-3)).toEqual(['failed', 'dry-run-revert', 'compensated']);
    // AIOPS_RECORD_HISTORY=FILE lists the workflow ids whose histories refresh test/fixtures/temporal/ (see its README).
    if (process.env.AIOPS_RECORD_HISTORY) await appendFile(process.env.AIOPS_RECORD_HISTORY, `remediate-compensated remediate-${a.id}\n`);
  });
});
