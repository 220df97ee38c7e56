/**
 * The remediation step functions (activities) on real stores (PGlite): status moves with their audit entries,
 * guards re-checked before execution, idempotent retries, permanent vs retryable failures as Temporal sees them.
 * The executor, verifier and notifier are recording stand-ins for the ports (scripted refusals and readings).
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, ActionStatus } from '../../src/core/index.js';
import { ExecutorError, type ActionExecutor, type UndoPlan } from '../../src/core/executor.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import { createActivities } from '../../src/workflows/activities/create-activities.js';
import type { ActivityDeps } from '../../src/workflows/activities/activity-deps.js';
import type { VerifyResult } from '../../src/workflows/verify/recovery-verifier.js';
import { incident, MIN, T0, TestClock } from './harness.js';

let stores: Stores;
beforeAll(async () => {
  stores = await openStores({ dataDir: 'memory://', timescale: 'off' });
  await stores.incidents.save(incident());
}, 120_000);
afterAll(async () => stores?.close());

let n = 0;
async function stored(o: Partial<Action> = {}): Promise<Action> {
  const a: Action = { id: `act-${++n}`, incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service: 'checkout', namespace: 'shop' }, params: { replicas: '+1' }, riskScore: 0.2, requiresApproval: false, status: 'proposed', dryRun: false, audit: [], createdAt: new Date(T0).toISOString(), ...o };
  await stores.actions.create(a);
  return a;
}

function setup(o: { guards?: Partial<ActivityDeps['guards']>; applyError?: Error; readings?: VerifyResult[]; notifyError?: boolean } = {}) {
  const clock = new TestClock();
  const applied: string[] = [];
  const reverted: UndoPlan[] = [];
  const notified: ActionStatus[] = [];
  const readings = [...(o.readings ?? [])];
  const executor: ActionExecutor = {
    kind: 'simulator',
    async apply(a) {
      applied.push(a.id);
      if (o.applyError) throw o.applyError;
      return { detail: 'scaled shop/checkout 2 → 3', undo: { kind: 'scale', replicas: 2 }, alreadyApplied: false, requests: [{ method: 'PATCH', path: '/apis/apps/v1/namespaces/shop/deployments/checkout', body: { spec: { replicas: 3 } } }] };
    },
    async revert(_a, undo) {
      reverted.push(undo);
      return { detail: 'scaled shop/checkout back to 2', undo, alreadyApplied: false, requests: [] };
    },
  };
  const act = createActivities({
    actions: stores.actions,
    incidents: stores.incidents,
    executor,
    verifier: { check: async () => readings.shift() ?? { recovered: false, detail: 'no reading', evidence: [] } },
    notifier: {
      async actionChanged(a) {
        notified.push(a.status);
        if (o.notifyError) throw new Error('slack 500');
      },
    },
    clock,
    guards: { actionsEnabled: true, maxConcurrent: 3, ...o.guards },
  });
  return { act, clock, applied, reverted, notified };
}

const events = async (id: string) => (await stores.actions.get(id))!.audit.map((e) => `${e.actor}/${e.event}: ${e.detail}`);
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('resolved'), (e: unknown) => e as ApplicationFailure);

describe('remediation activities', () => {
  it('settle approves what needs no approval, expires what timed out, and leaves the rest alone', async () => {
    const { act } = setup();
    const auto = await stored();
    expect(await act.settle(auto.id, false)).toBe('approved');
    expect(await events(auto.id)).toEqual(['policy/approved: risk 0.200 is under the approval threshold']);
    const late = await stored({ requiresApproval: true, riskScore: 0.8 });
    expect(await act.settle(late.id, false)).toBe('proposed');
    expect(await act.settle(late.id, true)).toBe('expired');
    expect(await act.settle(late.id, true)).toBe('expired');
    expect(await events(late.id)).toEqual(['timer/expired: no decision before AIOPS_APPROVAL_TIMEOUT']);
    const rejected = await stored({ status: 'rejected' });
    expect(await act.settle(rejected.id, true)).toBe('rejected');
  });

  it('execute moves approved → running, applies, records the requests; a retry records nothing new and keeps the first time', async () => {
    const { act, clock, applied } = setup();
    const a = await stored({ status: 'approved' });
    expect(await act.execute(a.id)).toEqual({ status: 'running', undo: { kind: 'scale', replicas: 2 }, detail: 'scaled shop/checkout 2 → 3', executedAt: T0 });
    clock.advance(5 * MIN);
    expect((await act.execute(a.id)).executedAt).toBe(T0);
    expect(applied).toEqual([a.id, a.id]);
    const audit = (await stores.actions.get(a.id))!.audit;
    expect(audit.map((e) => `${e.actor}/${e.event}: ${e.detail}`)).toEqual(['executor/executing: simulator: AUTO_SCALE shop/checkout', 'executor/executed: scaled shop/checkout 2 → 3']);
    expect(audit[1]!.evidence).toEqual(['{"method":"PATCH","path":"/apis/apps/v1/namespaces/shop/deployments/checkout","body":{"spec":{"replicas":3}}}']);
    expect((await stores.actions.get(a.id))!.status).toBe('running');
  });

  it('execute re-checks the guards: the kill switch fails it before anything is sent; a full house is retried later', async () => {
    const off = setup({ guards: { actionsEnabled: false } });
    const a = await stored({ status: 'approved' });
    expect(await off.act.execute(a.id)).toEqual({ status: 'failed', undo: { kind: 'none', why: 'kill switch is on: no automated remediation' }, detail: 'kill switch is on: no automated remediation', executedAt: T0 });
    expect(off.applied).toEqual([]);
    expect(await events(a.id)).toEqual(['guard/refused: kill switch is on: no automated remediation']);

    const full = setup({ guards: { maxConcurrent: 1 } });
    await stored({ status: 'running', target: { service: 'cart', namespace: 'shop' } });
    const b = await stored({ status: 'approved' });
    const e = await failure(full.act.execute(b.id));
    expect(e).toBeInstanceOf(ApplicationFailure);
    // The count includes running actions of the other tests in this store: at least the one made here.
    expect({ type: e.type, nonRetryable: e.nonRetryable }).toEqual({ type: 'CONCURRENCY', nonRetryable: false });
    expect(e.message).toMatch(/^at most 1 concurrent actions \([1-9]\d* running or proposed\)$/);
    expect((await stores.actions.get(b.id))!.status).toBe('approved');
  });

  it('a permanent executor refusal marks the action failed and is not retried; a wrong status is refused', async () => {
    const { act } = setup({ applyError: new ExecutorError('deployments.apps "checkout" is forbidden', false, 'FORBIDDEN') });
    const a = await stored({ status: 'approved' });
    const e = await failure(act.execute(a.id));
    expect({ type: e.type, nonRetryable: e.nonRetryable, message: e.message }).toEqual({ type: 'FORBIDDEN', nonRetryable: true, message: 'deployments.apps "checkout" is forbidden' });
    expect((await stores.actions.get(a.id))!.status).toBe('failed');
    expect((await events(a.id)).at(-1)).toBe('executor/execute-failed: deployments.apps "checkout" is forbidden');

    const p = await stored();
    const bad = await failure(act.execute(p.id));
    expect({ type: bad.type, nonRetryable: bad.nonRetryable, message: bad.message }).toEqual({ type: 'BAD_STATE', nonRetryable: true, message: `action ${p.id} is proposed, not approved` });
    const gone = await failure(act.notify('act-none'));
    expect({ type: gone.type, nonRetryable: gone.nonRetryable }).toEqual({ type: 'NOT_FOUND', nonRetryable: true });
  });

  it('verify records each check, finish and compensate move the status once', async () => {
    const { act, reverted } = setup({ readings: [{ recovered: false, detail: 'p99 still off', evidence: ['checkout p99Ms 600.000 vs baseline 100.000 (still off)'] }, { recovered: true, detail: 'back', evidence: [] }] });
    const a = await stored({ status: 'running' });
    expect(await act.verify(a.id, 0, T0)).toEqual({ recovered: false, detail: 'p99 still off' });
    expect(await act.verify(a.id, 1, T0)).toEqual({ recovered: true, detail: 'back' });
    expect(await act.finish(a.id, 'failed', 'not recovered after 2 windows: p99 still off')).toBe('failed');
    expect(await act.finish(a.id, 'succeeded', 'late')).toBe('failed');
    expect(await act.compensate(a.id, { kind: 'scale', replicas: 2 })).toBe('compensated');
    expect(await act.compensate(a.id, { kind: 'scale', replicas: 2 })).toBe('compensated');
    expect(reverted).toEqual([{ kind: 'scale', replicas: 2 }]);
    expect(await events(a.id)).toEqual([
      'verifier/not-recovered: check 1: p99 still off',
      'verifier/verified: check 2: back',
      'workflow/failed: not recovered after 2 windows: p99 still off',
      'executor/compensated: scaled shop/checkout back to 2',
    ]);
    expect((await stores.actions.get(a.id))!.audit[0]!.evidence).toEqual(['checkout p99Ms 600.000 vs baseline 100.000 (still off)']);
  });

  it('notify reports the stored status and never fails the remediation for a notifier error', async () => {
    const { act, notified } = setup({ notifyError: true });
    const a = await stored({ status: 'approved' });
    await expect(act.notify(a.id)).resolves.toBeUndefined();
    expect(notified).toEqual(['approved']);
  });
});
