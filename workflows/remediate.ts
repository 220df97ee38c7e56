/**
 * Durable remediation on Temporal: runs the step table of `src/core/remediation-machine.ts` (the same table the
 * embedded driver runs), turning its waits into Temporal primitives — a `decision` signal awaited with the
 * approval time as timeout, and a durable timer of one window between recovery checks. The action's status
 * lives in the store (the activities move it); the workflow keeps only the run (phase, data) for the query.
 */
import { condition, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { ActionStatus, DecisionSignal, RemediationState } from '../src/core/actions.js';
import { failRemediationStep, failureMessage, runRemediationStep, STEP_RETRY, verifyAttemptsOf, type RemediationPhase, type RunData, type Transition } from '../src/core/remediation-machine.js';
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
    retry: { initialInterval: STEP_RETRY.initialMs, backoffCoefficient: STEP_RETRY.coefficient, maximumInterval: STEP_RETRY.maxMs, maximumAttempts: STEP_RETRY.maxAttempts },
  });
  const actionId = input.actionId;
  let run: { phase: RemediationPhase; data: RunData } = { phase: 'notify', data: { requiresApproval: input.requiresApproval } };
  let status: ActionStatus = 'proposed';
  let signals = 0;
  // No wait for a decision happened yet: an action that needs no approval settles as if its (zero) time had run out.
  let timedOut = true;
  let approvalLeftMs = input.timing.approvalTimeoutMs;
  setHandler(decisionSignal, () => void signals++);
  setHandler(stateQuery, () => ({ actionId, phase: run.phase, status, verifyAttempts: verifyAttemptsOf(run.phase, run.data) }));

  while (run.phase !== 'done') {
    const signalsBefore = signals;
    const ctx = { actionId, data: run.data, timing: input.timing, timedOut, act };
    let next: Transition;
    try {
      next = await runRemediationStep(run.phase, ctx);
    } catch (e) {
      // Activities retry by STEP_RETRY; what reaches here failed for good.
      next = await failRemediationStep(run.phase, ctx, failureMessage(e));
    }
    status = next.status ?? status;
    run = { phase: next.phase, data: next.data };
    if (next.wait === 'interval') await sleep(input.timing.verifyIntervalMs);
    if (next.wait === 'decision') {
      // Workflow time (Date.now) is replayed from history, so the remaining approval time is deterministic.
      const since = Date.now();
      const signalled = approvalLeftMs > 0 && (await condition(() => signals > signalsBefore, approvalLeftMs));
      approvalLeftMs -= Date.now() - since;
      timedOut = !signalled;
    }
  }
  return status;
}
