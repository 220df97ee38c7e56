/**
 * The embedded driver's own duties, on the real run store (PGlite) with scripted step functions: wake times of
 * each wait, retry backoff of a failing step, a permanent failure and spent retries ending the run through the
 * table's compensation, the state it reports, and a decision recorded before the run existed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, RemediationSteps } from '../../src/core/index.js';
import { openStores, type Stores } from '../../src/stores/open-stores.js';
import type { RemediationActivities } from '../../src/workflows/activities/create-activities.js';
import { createEmbeddedDriver } from '../../src/workflows/embedded/embedded-driver.js';
import { MIN, T0, TestClock } from './harness.js';

let stores: Stores;
beforeAll(async () => void (stores = await openStores({ dataDir: 'memory://', timescale: 'off' })), 120_000);
afterAll(async () => stores?.close());

function action(id: string, o: Partial<Action> = {}): Action {
  return { id, incidentId: 'inc-1', type: 'AUTO_SCALE', target: { service: 'checkout', namespace: 'shop' }, params: {}, riskScore: 0.2, requiresApproval: false, status: 'proposed', dryRun: true, audit: [], createdAt: new Date(T0).toISOString(), ...o };
}

/** Step functions that succeed, except `execute`, which throws the errors given, one per call, then applies. */
function steps(executeErrors: unknown[]) {
  const calls: string[] = [];
  const act: RemediationSteps = {
    notify: async (id) => void calls.push(`notify ${id}`),
    settle: async () => 'approved',
    async execute(id) {
      calls.push(`execute ${id}`);
      if (executeErrors.length) throw executeErrors.shift();
      return { status: 'running', undo: { kind: 'scale', replicas: 2 }, executedAt: 42 };
    },
    verify: async () => ({ recovered: false, detail: 'still off' }),
    async finish(id, outcome, detail) {
      calls.push(`finish ${id} ${outcome}: ${detail}`);
      return outcome;
    },
    compensate: async () => 'compensated',
  };
  return { act: act as RemediationActivities, calls };
}

function driver(act: RemediationActivities, clock: TestClock) {
  return createEmbeddedDriver({ approvalTimeoutMs: 30 * MIN, verifyIntervalMs: MIN, verifyWindows: 3 }, { runs: stores.remediationRuns, actions: stores.actions, clock, activities: act });
}

describe('embedded driver: waits, retries and failures', () => {
  it('retries a failing step after 1 s, then 2 s, and moves on when it succeeds; the first check is one window later', async () => {
    const clock = new TestClock();
    const { act, calls } = steps([new Error('api 503'), new Error('api 503')]);
    const { driver: d, worker } = driver(act, clock);
    await stores.actions.create(action('r1'));
    await d.start(action('r1'));
    await worker.tick();
    expect(await stores.remediationRuns.get('r1')).toMatchObject({ phase: 'executing', wakeAt: T0 + 1000, data: { retries: 1 } });
    clock.advance(999);
    await worker.tick();
    expect(calls.filter((c) => c.startsWith('execute'))).toHaveLength(1);
    clock.advance(1);
    await worker.tick();
    expect(await stores.remediationRuns.get('r1')).toMatchObject({ phase: 'executing', wakeAt: T0 + 1000 + 2000, data: { retries: 2 } });
    clock.advance(2000);
    await worker.tick();
    expect(await stores.remediationRuns.get('r1')).toMatchObject({ phase: 'verifying', wakeAt: T0 + 3000 + MIN, data: { retries: 0, attempt: 0, executedAt: 42, undo: { kind: 'scale', replicas: 2 } } });
    expect(calls).toEqual(['notify r1', 'notify r1', 'execute r1', 'execute r1', 'execute r1', 'notify r1']);
    expect(await d.state('r1')).toEqual({ actionId: 'r1', phase: 'verifying', status: 'proposed', verifyAttempts: 0 });
  });

  it('a permanent failure ends the run at once: the execution is marked failed and reported', async () => {
    const clock = new TestClock();
    const forbidden = Object.assign(new Error('deployments.apps "checkout" is forbidden'), { nonRetryable: true });
    const { act, calls } = steps([forbidden]);
    const { driver: d, worker } = driver(act, clock);
    await stores.actions.create(action('r2'));
    await d.start(action('r2'));
    await worker.tick();
    expect(calls.slice(-3)).toEqual(['execute r2', 'finish r2 failed: execution failed: deployments.apps "checkout" is forbidden', 'notify r2']);
    expect(await stores.remediationRuns.get('r2')).toMatchObject({ phase: 'done', data: { outcome: 'failed', error: 'deployments.apps "checkout" is forbidden' } });
  });

  it('gives up after 30 attempts, as Temporal does, and ends the run the same way', async () => {
    const clock = new TestClock();
    const { act, calls } = steps(Array.from({ length: 40 }, () => new Error('timeout')));
    const { driver: d, worker } = driver(act, clock);
    await stores.actions.create(action('r3'));
    await d.start(action('r3'));
    for (let i = 0; i < 35; i++) {
      await worker.tick();
      clock.advance(MIN);
    }
    expect(calls.filter((c) => c.startsWith('execute'))).toHaveLength(30);
    expect(calls.slice(-2)).toEqual(['finish r3 failed: execution failed: timeout', 'notify r3']);
    expect((await stores.remediationRuns.get('r3'))?.phase).toBe('done');
  });

  it('waits for a decision until the approval deadline (from the proposal time), and wakes at once for one recorded before the run existed', async () => {
    const clock = new TestClock();
    const { act } = steps([]);
    const { driver: d, worker } = driver(act, clock);
    await stores.actions.create(action('r4', { requiresApproval: true }));
    await d.start(action('r4', { requiresApproval: true }));
    await worker.tick();
    expect(await stores.remediationRuns.get('r4')).toMatchObject({ phase: 'awaiting-decision', wakeAt: T0 + 30 * MIN, signalled: false, data: { deadline: T0 + 30 * MIN, requiresApproval: true } });

    await stores.actions.create(action('r5', { requiresApproval: true, status: 'approved' }));
    await d.start(action('r5', { requiresApproval: true }));
    expect((await stores.remediationRuns.get('r5'))?.signalled).toBe(true);
  });
});
