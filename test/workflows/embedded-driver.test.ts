import { afterEach, describe, expect, it } from 'vitest';
import type { ActionStatus } from '../../src/core/index.js';
import { decideAction, getAction, proposeAction } from '../../src/ops/actions.js';
import { drive, harness, MIN, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const statusIs = (id: string, s: ActionStatus) => async () => (await h.stores.actions.get(id))?.status === s;

async function propose(type: 'AUTO_SCALE' | 'RESTART' | 'ALERT' = 'AUTO_SCALE', params: Record<string, unknown> = { replicas: '+2', maxReplicas: 6, fromReplicas: 3 }) {
  const r = await proposeAction(h.deps, { incidentId: 'inc-1', type, target: { service: 'checkout', namespace: 'shop' }, params, confidence: 0.9, proposedBy: 'engine', origin: 'engine' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('embedded remediation driver (PGlite)', () => {
  it('runs an action under the threshold without approval: execute, verify recovery, succeed', async () => {
    h = await harness();
    const a = await propose();
    expect(a.requiresApproval).toBe(false);
    await h.window(110, h.clock.now() + MIN);
    await drive(h, statusIs(a.id, 'succeeded'));
    expect((await getAction(h.deps, a.id)).ok).toBe(true);
    const done = (await h.stores.actions.get(a.id))!;
    expect(done.audit.map((e) => e.event)).toEqual(['proposed', 'approved', 'executing', 'dry-run', 'executed', 'verified', 'succeeded']);
    const sent = JSON.parse(done.audit.find((e) => e.event === 'dry-run')!.evidence![0]!);
    expect(sent).toMatchObject({ method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/checkout', contentType: 'application/strategic-merge-patch+json', body: { spec: { replicas: 5 } } });
    expect(h.notified.map((n) => n.status)).toEqual(['proposed', 'approved', 'running', 'succeeded']);
    expect(await h.remediation.driver.state(a.id)).toMatchObject({ phase: 'done', status: 'succeeded' });
  });

  it('waits for approval, then executes once approved', async () => {
    h = await harness();
    const a = await propose('RESTART');
    expect(a).toMatchObject({ requiresApproval: true, requiredApprovers: 1 });
    const w = { tick: () => h.remediation.worker!.tick!() };
    await w.tick();
    h.clock.advance(10 * MIN);
    await w.tick();
    expect(await h.remediation.driver.state(a.id)).toMatchObject({ phase: 'awaiting-decision', status: 'proposed' });
    const r = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'cli' });
    expect(r.ok && r.value.status).toBe('approved');
    await h.window(90, h.clock.now() + MIN);
    await drive(h, statusIs(a.id, 'succeeded'));
  });

  it('stops on reject and reports it', async () => {
    h = await harness();
    const a = await propose('RESTART');
    await h.remediation.worker!.tick!();
    const r = await decideAction(h.deps, { actionId: a.id, decision: 'reject', user: 'U2', reason: 'not now', via: 'api' });
    expect(r.ok && r.value).toMatchObject({ status: 'rejected', decidedBy: 'U2' });
    await drive(h, async () => (await h.remediation.driver.state(a.id))?.phase === 'done');
    expect((await h.stores.actions.get(a.id))!.audit.map((e) => e.event)).toEqual(['proposed', 'rejected']);
    expect(h.notified.map((n) => n.status)).toEqual(['proposed', 'rejected']);
  });

  it('expires an action nobody decided within AIOPS_APPROVAL_TIMEOUT; a late approval changes nothing', async () => {
    h = await harness({ config: { approvalTimeoutMs: 5 * MIN } });
    const a = await propose('RESTART');
    await drive(h, statusIs(a.id, 'expired'));
    const late = await decideAction(h.deps, { actionId: a.id, decision: 'approve', user: 'U1', via: 'slack' });
    expect(!late.ok && late.error).toMatchObject({ code: 'CONFLICT', current: { status: 'expired' } });
    expect(h.notified.at(-1)?.status).toBe('expired');
  });

  it('compensates when the features stay off baseline for N windows', async () => {
    h = await harness();
    const a = await propose();
    for (let i = 1; i <= 5; i++) await h.window(650, h.clock.now() + i * MIN);
    await drive(h, statusIs(a.id, 'compensated'));
    const events = (await h.stores.actions.get(a.id))!.audit.map((e) => e.event);
    expect(events.filter((e) => e === 'not-recovered')).toHaveLength(3);
    expect(events.slice(-3)).toEqual(['failed', 'dry-run-revert', 'compensated']);
    const revert = (await h.stores.actions.get(a.id))!.audit.find((e) => e.event === 'dry-run-revert')!;
    expect(JSON.parse(revert.evidence![0]!)).toMatchObject({ method: 'PATCH', body: { spec: { replicas: 3 } } });
  });

  it('refuses execution when the kill switch was thrown after approval', async () => {
    h = await harness({ config: { actionsEnabled: true } });
    const a = await propose();
    const { createRemediation } = await import('../../src/workflows/remediation.js');
    const off = await createRemediation({ executor: 'dry-run', approvalTimeoutMs: MIN, windowMs: MIN, actionsEnabled: false, maxConcurrent: 3 }, { actions: h.stores.actions, incidents: h.stores.incidents, features: h.stores.features, runs: h.stores.remediationRuns, clock: h.clock });
    await drive({ ...h, remediation: off }, statusIs(a.id, 'failed'));
    expect((await h.stores.actions.get(a.id))!.audit.map((e) => e.event)).toEqual(['proposed', 'approved', 'refused']);
  });

  it('resumes after a restart: a new driver on the same store finishes the run, executing once', async () => {
    h = await harness();
    const a = await propose();
    const w = { tick: () => h.remediation.worker!.tick!() };
    await w.tick(); // notify → settle → execute → verifying
    await h.remediation.worker?.stop();
    const { createRemediation } = await import('../../src/workflows/remediation.js');
    const again = await createRemediation({ executor: 'dry-run', approvalTimeoutMs: MIN, windowMs: MIN, verifyWindows: 3, actionsEnabled: true, maxConcurrent: 3 }, { actions: h.stores.actions, incidents: h.stores.incidents, features: h.stores.features, runs: h.stores.remediationRuns, clock: h.clock });
    await h.window(100, h.clock.now() + MIN);
    await drive({ ...h, remediation: again }, statusIs(a.id, 'succeeded'));
    expect((await h.stores.actions.get(a.id))!.audit.filter((e) => e.event === 'dry-run')).toHaveLength(1);
  });
});
