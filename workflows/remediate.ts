/**
 * Durable remediation on Temporal: notify → wait for the decision signal up to the approval timeout →
 * execute → verify once per window up to N windows → finish, or compensate when it did not recover. Each
 * status change is reported. The action's status lives in the store (the activities move it); the workflow
 * only orders the steps, so the embedded driver (src/workflows/embedded) can run the same steps in the same order.
 */
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { ActionStatus, DecisionSignal, RemediationState } from '../src/core/actions.js';
import type { RemediationActivities } from '../src/workflows/activities/create-activities.js';
import type { RemediationTiming } from '../src/workflows/remediation-config.js';

export const decisionSignal = defineSignal<[DecisionSignal]>('decision');
export const stateQuery = defineQuery<RemediationState>('state');

export interface RemediateInput {
  actionId: string;
  requiresApproval: boolean;
  timing: RemediationTiming;
}

export async function remediate(input: RemediateInput): Promise<ActionStatus> {
  const act = proxyActivities<RemediationActivities>({
    startToCloseTimeout: input.timing.activityTimeoutMs ?? 60_000,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
  });
  const id = input.actionId;
  const state: RemediationState = { actionId: id, phase: 'notify', status: 'proposed', verifyAttempts: 0 };
  let decided = false;
  setHandler(decisionSignal, () => void (decided = true));
  setHandler(stateQuery, () => state);
  const done = async (status: ActionStatus): Promise<ActionStatus> => {
    state.status = status;
    state.phase = 'reporting';
    await act.notify(id);
    state.phase = 'done';
    return status;
  };

  await act.notify(id);
  state.phase = 'awaiting-decision';
  if (input.requiresApproval) await condition(() => decided, input.timing.approvalTimeoutMs);
  state.status = await act.settle(id, !decided);
  if (state.status !== 'approved') return done(state.status);
  await act.notify(id);

  state.phase = 'executing';
  let exec;
  try {
    exec = await act.execute(id);
  } catch (e) {
    // A permanent refusal was recorded by the activity; after exhausted retries the action is still running.
    return done(await act.finish(id, 'failed', `execution failed: ${(e as Error).message}`));
  }
  if (exec.status === 'failed') return done('failed');
  state.status = 'running';
  await act.notify(id);

  state.phase = 'verifying';
  let last = '';
  for (let i = 0; i < input.timing.verifyWindows; i++) {
    await sleep(input.timing.verifyIntervalMs);
    state.verifyAttempts = i + 1;
    const v = await act.verify(id, i, exec.executedAt);
    if (v.recovered) return done(await act.finish(id, 'succeeded', v.detail));
    last = v.detail;
  }
  state.status = await act.finish(id, 'failed', `not recovered after ${input.timing.verifyWindows} windows: ${last}`);
  await act.notify(id);
  state.phase = 'compensating';
  return done(await act.compensate(id, exec.undo));
}
