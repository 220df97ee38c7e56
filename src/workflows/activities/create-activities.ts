/**
 * The step functions (`RemediationSteps` of src/core/remediation-machine.ts) the step table calls, on the
 * Temporal worker and in the embedded driver alike. Each is idempotent by action
 * id: status changes are compare-and-set in the store, the executor finds its own earlier change, and
 * notifications tolerate a repeat. Permanent refusals are `ApplicationFailure.nonRetryable` with a type.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Action, ActionStatus, AuditEntry, Incident, RemediationSteps } from '../../core/index.js';
import { guardAction } from '../../decision/engine/guards.js';
import { isMutating } from '../../decision/engine/action-type.js';
import { ExecutorError, type UndoPlan } from '../../core/executor.js';
import type { ActivityDeps } from './activity-deps.js';

export interface ExecuteResult {
  /** `running`: applied (now or by an earlier attempt); `failed`: refused by a guard before anything was sent. */
  status: 'running' | 'failed';
  undo: UndoPlan;
  detail: string;
  /** Wall-clock ms of the change, from which recovery is measured. */
  executedAt: number;
}

export interface VerifyStepResult {
  recovered: boolean;
  detail: string;
}

export type RemediationActivities = ReturnType<typeof createActivities>;

export function createActivities(deps: ActivityDeps) {
  const { actions, clock } = deps;
  const entry = (actor: string, event: string, detail: string, evidence?: string[]): AuditEntry => ({ at: new Date(clock.now()).toISOString(), actor, event, detail, ...(evidence?.length ? { evidence } : {}) });

  async function load(id: string): Promise<{ action: Action; incident: Incident | null }> {
    const action = await actions.get(id);
    if (!action) throw ApplicationFailure.nonRetryable(`no action ${id}`, 'NOT_FOUND');
    return { action, incident: await deps.incidents.get(action.incidentId) };
  }

  /** Moves from → to, or returns the status it already has (a retry after the move changes nothing). */
  async function move(id: string, from: ActionStatus, to: ActionStatus, audit: AuditEntry): Promise<ActionStatus> {
    const next = await actions.transition(id, from, to, audit);
    return next?.status ?? (await load(id)).action.status;
  }

  return {
    /** Tells people (the incident thread) where the action stands. Never fails the remediation. */
    async notify(id: string): Promise<void> {
      const { action, incident } = await load(id);
      try {
        await deps.notifier?.actionChanged(action, incident);
      } catch (e) {
        deps.logger?.warn('remediation notification failed', { actionId: id, error: e });
      }
    },

    /** After a decision or the timeout: auto-approves what needs no approval, expires what timed out. */
    async settle(id: string, timedOut: boolean): Promise<ActionStatus> {
      const { action } = await load(id);
      if (action.status !== 'proposed') return action.status;
      if (!action.requiresApproval) return move(id, 'proposed', 'approved', entry('policy', 'approved', `risk ${action.riskScore.toFixed(3)} is under the approval threshold`));
      if (timedOut) return move(id, 'proposed', 'expired', entry('timer', 'expired', 'no decision before AIOPS_APPROVAL_TIMEOUT'));
      return 'proposed';
    },

    async execute(id: string): Promise<ExecuteResult> {
      let { action } = await load(id);
      if (action.status === 'approved') {
        const running = (await actions.list({ status: 'running', limit: 1000 })).filter((a) => a.id !== id && isMutating(a.type)).length;
        const refused = guardAction(action, { killSwitch: !deps.guards.actionsEnabled, allowedNamespaces: deps.guards.allowedNamespaces, maxConcurrentActions: deps.guards.maxConcurrent, active: running });
        if (refused?.startsWith('at most')) throw ApplicationFailure.retryable(refused, 'CONCURRENCY');
        if (refused) {
          await move(id, 'approved', 'failed', entry('guard', 'refused', refused));
          return { status: 'failed', undo: { kind: 'none', why: refused }, detail: refused, executedAt: clock.now() };
        }
        await move(id, 'approved', 'running', entry('executor', 'executing', `${deps.executor.kind}: ${action.type} ${action.target.namespace ?? 'default'}/${action.target.service}`));
        action = (await load(id)).action;
      }
      if (action.status !== 'running') throw ApplicationFailure.nonRetryable(`action ${id} is ${action.status}, not approved`, 'BAD_STATE');
      try {
        const out = await deps.executor.apply(action);
        const done = action.audit.find((e) => e.event === 'executed');
        if (!done) await actions.appendAudit(id, entry('executor', 'executed', out.detail, out.requests.map((r) => JSON.stringify(r))));
        return { status: 'running', undo: out.undo, detail: out.detail, executedAt: done ? Date.parse(done.at) : clock.now() };
      } catch (e) {
        if (e instanceof ExecutorError && !e.retryable) {
          await move(id, 'running', 'failed', entry('executor', 'execute-failed', e.message));
          throw ApplicationFailure.nonRetryable(e.message, e.type);
        }
        throw e;
      }
    },

    async verify(id: string, attempt: number, executedAt: number): Promise<VerifyStepResult> {
      const { action, incident } = await load(id);
      const r = await deps.verifier.check(action, incident, executedAt);
      await actions.appendAudit(id, entry('verifier', r.recovered ? 'verified' : 'not-recovered', `check ${attempt + 1}: ${r.detail}`, r.evidence));
      return { recovered: r.recovered, detail: r.detail };
    },

    async finish(id: string, outcome: 'succeeded' | 'failed', detail: string): Promise<ActionStatus> {
      return move(id, 'running', outcome, entry('workflow', outcome, detail));
    },

    async compensate(id: string, undo: UndoPlan): Promise<ActionStatus> {
      const { action } = await load(id);
      if (action.status !== 'failed') return action.status;
      const out = await deps.executor.revert(action, undo);
      return move(id, 'failed', 'compensated', entry('executor', 'compensated', out.detail, out.requests.map((r) => JSON.stringify(r))));
    },
  } satisfies RemediationSteps<UndoPlan>;
}
