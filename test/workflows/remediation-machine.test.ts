/**
 * The remediation step table on its own: each step's calls, transition, wait and status, with scripted step
 * functions that record what they were asked. Expected sequences are written out by hand from the process
 * (notify → decision → settle → execute → verify per window → finish, or compensate).
 */
import { describe, expect, it } from 'vitest';
import { failRemediationStep, REMEDIATION_STEPS, retryDelayMs, runRemediationStep, verifyAttemptsOf, type RemediationSteps, type RunData, type StepContext } from '../../src/core/index.js';
import type { ActionStatus } from '../../src/core/index.js';

interface Script {
  settle?: ActionStatus;
  execute?: { status: 'running' | 'failed'; undo: unknown; executedAt: number };
  verify?: { recovered: boolean; detail: string }[];
  finish?: ActionStatus;
  compensate?: ActionStatus;
  failNotify?: boolean;
}

function scripted(s: Script = {}): { act: RemediationSteps; calls: string[] } {
  const calls: string[] = [];
  const verifies = [...(s.verify ?? [])];
  const act: RemediationSteps = {
    async notify(id) {
      calls.push(`notify ${id}`);
      if (s.failNotify) throw new Error('slack down');
    },
    async settle(id, timedOut) {
      calls.push(`settle ${id} timedOut=${timedOut}`);
      return s.settle ?? 'approved';
    },
    async execute(id) {
      calls.push(`execute ${id}`);
      return s.execute ?? { status: 'running', undo: { kind: 'scale', replicas: 3 }, executedAt: 1000 };
    },
    async verify(id, attempt, executedAt) {
      calls.push(`verify ${id} #${attempt} since ${executedAt}`);
      return verifies.shift() ?? { recovered: false, detail: 'p99 still off' };
    },
    async finish(id, outcome, detail) {
      calls.push(`finish ${id} ${outcome}: ${detail}`);
      return s.finish ?? outcome;
    },
    async compensate(id, undo) {
      calls.push(`compensate ${id} ${JSON.stringify(undo)}`);
      return s.compensate ?? 'compensated';
    },
  };
  return { act, calls };
}

const ctx = (act: RemediationSteps, data: RunData = {}, timedOut = false): StepContext => ({ actionId: 'a1', data, timing: { verifyWindows: 3 }, timedOut, act });

describe('remediation step table', () => {
  it('has one step per phase with the edges of the process', () => {
    expect(Object.fromEntries(Object.entries(REMEDIATION_STEPS).map(([k, v]) => [k, [...v.to]]))).toEqual({
      notify: ['awaiting-decision'],
      'awaiting-decision': ['awaiting-decision', 'executing', 'done'],
      executing: ['verifying', 'done'],
      verifying: ['verifying', 'compensating', 'done'],
      compensating: ['done'],
    });
    expect(Object.keys(REMEDIATION_STEPS).filter((k) => REMEDIATION_STEPS[k as keyof typeof REMEDIATION_STEPS].onFailure)).toEqual(['executing']);
  });

  it('notify: reports, then waits for a decision unless none is needed', async () => {
    const { act, calls } = scripted();
    expect(await runRemediationStep('notify', ctx(act, { requiresApproval: true }))).toEqual({ phase: 'awaiting-decision', data: { requiresApproval: true }, wait: 'decision', status: 'proposed' });
    expect(await runRemediationStep('notify', ctx(act, { requiresApproval: false }))).toEqual({ phase: 'awaiting-decision', data: { requiresApproval: false }, wait: 'none', status: 'proposed' });
    expect(calls).toEqual(['notify a1', 'notify a1']);
  });

  it('awaiting-decision: approved goes on to execute, rejected and expired end, undecided waits again', async () => {
    const approved = scripted({ settle: 'approved' });
    expect(await runRemediationStep('awaiting-decision', ctx(approved.act, {}, false))).toEqual({ phase: 'executing', data: {}, wait: 'none', status: 'approved' });
    expect(approved.calls).toEqual(['settle a1 timedOut=false', 'notify a1']);

    const expired = scripted({ settle: 'expired' });
    expect(await runRemediationStep('awaiting-decision', ctx(expired.act, {}, true))).toEqual({ phase: 'done', data: { outcome: 'expired' }, wait: 'none', status: 'expired' });
    expect(expired.calls).toEqual(['settle a1 timedOut=true', 'notify a1']);

    const undecided = scripted({ settle: 'proposed' });
    expect(await runRemediationStep('awaiting-decision', ctx(undecided.act))).toEqual({ phase: 'awaiting-decision', data: {}, wait: 'decision', status: 'proposed' });
    expect(undecided.calls).toEqual(['settle a1 timedOut=false']);
  });

  it('executing: applied → first recovery check after one window, keeping the undo plan; refused by a guard → done', async () => {
    const ok = scripted();
    expect(await runRemediationStep('executing', ctx(ok.act))).toEqual({ phase: 'verifying', data: { undo: { kind: 'scale', replicas: 3 }, executedAt: 1000, attempt: 0 }, wait: 'interval', status: 'running' });
    expect(ok.calls).toEqual(['execute a1', 'notify a1']);

    const refused = scripted({ execute: { status: 'failed', undo: { kind: 'none', why: 'kill switch' }, executedAt: 5 } });
    expect(await runRemediationStep('executing', ctx(refused.act))).toEqual({ phase: 'done', data: { outcome: 'failed' }, wait: 'none', status: 'failed' });
  });

  it('verifying: recovered → succeeded; not yet → next window; not after N windows → failed, then compensation', async () => {
    const data = { undo: { kind: 'scale', replicas: 3 }, executedAt: 1000 };
    const rec = scripted({ verify: [{ recovered: true, detail: 'back to baseline' }] });
    expect(await runRemediationStep('verifying', ctx(rec.act, { ...data, attempt: 1 }))).toEqual({ phase: 'done', data: { ...data, attempt: 1, outcome: 'succeeded' }, wait: 'none', status: 'succeeded' });
    expect(rec.calls).toEqual(['verify a1 #1 since 1000', 'finish a1 succeeded: back to baseline', 'notify a1']);

    const again = scripted();
    expect(await runRemediationStep('verifying', ctx(again.act, { ...data, attempt: 1 }))).toEqual({ phase: 'verifying', data: { ...data, attempt: 2 }, wait: 'interval', status: 'running' });
    expect(again.calls).toEqual(['verify a1 #1 since 1000']);

    const last = scripted();
    expect(await runRemediationStep('verifying', ctx(last.act, { ...data, attempt: 2 }))).toEqual({ phase: 'compensating', data: { ...data, attempt: 2 }, wait: 'none', status: 'failed' });
    expect(last.calls).toEqual(['verify a1 #2 since 1000', 'finish a1 failed: not recovered after 3 windows: p99 still off', 'notify a1']);
  });

  it('compensating: reverts with the undo plan the execution returned', async () => {
    const { act, calls } = scripted();
    expect(await runRemediationStep('compensating', ctx(act, { undo: { kind: 'scale', replicas: 3 }, attempt: 2 }))).toEqual({ phase: 'done', data: { undo: { kind: 'scale', replicas: 3 }, attempt: 2, outcome: 'compensated' }, wait: 'none', status: 'compensated' });
    expect(calls).toEqual(['compensate a1 {"kind":"scale","replicas":3}', 'notify a1']);
  });

  it('a step that failed for good: execution is marked failed, a notification goes out (its failure ignored), the run ends', async () => {
    const { act, calls } = scripted({ failNotify: true });
    expect(await failRemediationStep('executing', ctx(act), 'forbidden')).toEqual({ phase: 'done', data: { outcome: 'failed', error: 'forbidden' }, wait: 'none', status: 'failed' });
    expect(calls).toEqual(['finish a1 failed: execution failed: forbidden', 'notify a1']);
    const other = scripted();
    expect(await failRemediationStep('verifying', ctx(other.act, { attempt: 0 }), 'no action a1')).toEqual({ phase: 'done', data: { attempt: 0, outcome: 'failed', error: 'no action a1' }, wait: 'none' });
    expect(other.calls).toEqual(['notify a1']);
  });

  it('an unknown phase ends the run without calling anything; done stays done', async () => {
    const { act, calls } = scripted();
    expect(await runRemediationStep('dancing', ctx(act))).toEqual({ phase: 'done', data: { outcome: 'failed', error: 'unknown phase dancing' }, wait: 'none' });
    expect(await runRemediationStep('done', ctx(act, { outcome: 'succeeded' }))).toEqual({ phase: 'done', data: { outcome: 'succeeded' }, wait: 'none' });
    expect(calls).toEqual([]);
  });

  it('retry delays double from 1 s up to 60 s; verify attempts count checks already run', () => {
    expect([1, 2, 3, 6, 7, 8, 30].map(retryDelayMs)).toEqual([1000, 2000, 4000, 32_000, 60_000, 60_000, 60_000]);
    expect(verifyAttemptsOf('executing', {})).toBe(0);
    expect(verifyAttemptsOf('verifying', { attempt: 0 })).toBe(0);
    expect(verifyAttemptsOf('verifying', { attempt: 2 })).toBe(2);
    expect(verifyAttemptsOf('done', { attempt: 0 })).toBe(1);
    expect(verifyAttemptsOf('compensating', { attempt: 2 })).toBe(3);
  });
});
