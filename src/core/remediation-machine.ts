/**
 * The remediation process, written once: a table of steps, each with the phases it may move to, what it runs,
 * how the run waits before the next step, and what puts the action in a final state when the step fails for good.
 * Two drivers execute this same table: the Temporal workflow (`workflows/remediate.ts`, which turns a wait into
 * a durable timer or a signal condition) and the embedded driver (`src/workflows/embedded/`, which turns it into a
 * wake time in `remediation_runs`).
 *
 * Pure and deterministic, because Temporal workflow code runs it: type imports only, no clock, no randomness,
 * no I/O. Time enters as `timedOut` (the driver knows its own clock); side effects go through `act`, the
 * idempotent step functions (activities).
 */
import type { ActionStatus } from './actions.js';

export type RemediationPhase = 'notify' | 'awaiting-decision' | 'executing' | 'verifying' | 'compensating' | 'done';
type StepPhase = Exclude<RemediationPhase, 'done'>;

/** The step functions the table calls (the activities), each idempotent by action id. `U`: the executor's undo plan. */
export interface RemediationSteps<U = unknown> {
  /** Tells people where the action stands; never fails the remediation for a notifier error. */
  notify(actionId: string): Promise<void>;
  /** Auto-approves what needs no approval, expires what timed out, else returns the stored status. */
  settle(actionId: string, timedOut: boolean): Promise<ActionStatus>;
  /** `failed`: refused by a guard before anything was sent; `running`: applied (now or by an earlier attempt). */
  execute(actionId: string): Promise<{ status: 'running' | 'failed'; undo: U; executedAt: number }>;
  verify(actionId: string, attempt: number, executedAt: number): Promise<{ recovered: boolean; detail: string }>;
  finish(actionId: string, outcome: 'succeeded' | 'failed', detail: string): Promise<ActionStatus>;
  compensate(actionId: string, undo: U): Promise<ActionStatus>;
}

/** What a run carries from step to step (JSON). Drivers keep their own keys beside these (deadline, retries). */
export interface RunData {
  requiresApproval?: boolean;
  undo?: unknown;
  executedAt?: number;
  /** The 0-based recovery check the `verifying` step runs next. */
  attempt?: number;
  /** Why the run ended: the final status, or `failed` with `error`. */
  outcome?: string;
  error?: string;
  [driverKey: string]: unknown;
}

/** How a run waits before its next step: not at all, for a decision (up to the approval deadline), or one window. */
export type RemediationWait = 'none' | 'decision' | 'interval';

export interface Transition {
  phase: RemediationPhase;
  data: RunData;
  wait: RemediationWait;
  /** The action's status as the step left it (Temporal's `state` query shows it; the embedded driver reads the store). */
  status?: ActionStatus;
}

export interface StepContext {
  actionId: string;
  data: RunData;
  timing: { verifyWindows: number };
  /** The approval deadline has passed, or the action needed no approval (settle then approves or expires). */
  timedOut: boolean;
  /** Method-typed, so activities with a narrower undo plan fit. */
  act: RemediationSteps;
}

export interface StepDefinition {
  /** The phases this step may move to: the edges of the machine (checked on every transition). */
  readonly to: readonly RemediationPhase[];
  run(ctx: StepContext): Promise<Transition>;
  /** Compensation for a step that failed for good (permanent error, or retries spent); returns the final status. */
  onFailure?(ctx: StepContext, error: string): Promise<ActionStatus>;
}

/**
 * The remediation steps. notify → await decision → settle → execute → one recovery check per window, up to N →
 * finish, or compensate when it did not recover; a notification at every status change.
 */
export const REMEDIATION_STEPS: Readonly<Record<StepPhase, StepDefinition>> = {
  notify: {
    to: ['awaiting-decision'],
    async run({ actionId, data, act }) {
      await act.notify(actionId);
      // A run that needs no approval settles at once; one that does waits for the decision signal or the deadline.
      return { phase: 'awaiting-decision', data, wait: data.requiresApproval === false ? 'none' : 'decision', status: 'proposed' };
    },
  },
  'awaiting-decision': {
    to: ['awaiting-decision', 'executing', 'done'],
    async run({ actionId, data, timedOut, act }) {
      const status = await act.settle(actionId, timedOut);
      // Still undecided (a signal that was not final): wait again for the rest of the approval time.
      if (status === 'proposed') return { phase: 'awaiting-decision', data, wait: 'decision', status };
      await act.notify(actionId);
      if (status === 'approved') return { phase: 'executing', data, wait: 'none', status };
      return { phase: 'done', data: { ...data, outcome: status }, wait: 'none', status };
    },
  },
  executing: {
    to: ['verifying', 'done'],
    async run({ actionId, data, act }) {
      const r = await act.execute(actionId);
      await act.notify(actionId);
      if (r.status === 'failed') return { phase: 'done', data: { ...data, outcome: 'failed' }, wait: 'none', status: 'failed' };
      return { phase: 'verifying', data: { ...data, undo: r.undo, executedAt: r.executedAt, attempt: 0 }, wait: 'interval', status: 'running' };
    },
    // Nothing to undo: the executor either sent nothing or failed permanently; a running action is marked failed.
    onFailure: ({ actionId, act }, error) => act.finish(actionId, 'failed', `execution failed: ${error}`),
  },
  verifying: {
    to: ['verifying', 'compensating', 'done'],
    async run({ actionId, data, timing, act }) {
      const attempt = data.attempt ?? 0;
      const v = await act.verify(actionId, attempt, Number(data.executedAt));
      if (v.recovered) {
        const status = await act.finish(actionId, 'succeeded', v.detail);
        await act.notify(actionId);
        return { phase: 'done', data: { ...data, outcome: status }, wait: 'none', status };
      }
      if (attempt + 1 < timing.verifyWindows) return { phase: 'verifying', data: { ...data, attempt: attempt + 1 }, wait: 'interval', status: 'running' };
      const status = await act.finish(actionId, 'failed', `not recovered after ${timing.verifyWindows} windows: ${v.detail}`);
      await act.notify(actionId);
      return { phase: 'compensating', data, wait: 'none', status };
    },
  },
  compensating: {
    to: ['done'],
    async run({ actionId, data, act }) {
      const status = await act.compensate(actionId, data.undo);
      await act.notify(actionId);
      return { phase: 'done', data: { ...data, outcome: status }, wait: 'none', status };
    },
  },
};

/** Retry of a failing step (Temporal: the activities' retry policy; embedded: the run's wake time). */
export const STEP_RETRY = { initialMs: 1000, coefficient: 2, maxMs: 60_000, maxAttempts: 30 } as const;

/** Delay before retry number `retry` (1-based): 1 s, 2 s, 4 s … capped at 60 s. */
export function retryDelayMs(retry: number): number {
  return Math.min(STEP_RETRY.maxMs, STEP_RETRY.initialMs * STEP_RETRY.coefficient ** Math.max(0, retry - 1));
}

function hasStep(p: string): p is StepPhase {
  return Object.hasOwn(REMEDIATION_STEPS, p);
}

export function isRemediationPhase(p: string): p is RemediationPhase {
  return p === 'done' || hasStep(p);
}

/** Runs the step of `phase` and checks that it moved along an edge of the table. */
export async function runRemediationStep(phase: string, ctx: StepContext): Promise<Transition> {
  if (phase === 'done') return { phase: 'done', data: ctx.data, wait: 'none' };
  if (!hasStep(phase)) return { phase: 'done', data: { ...ctx.data, outcome: 'failed', error: `unknown phase ${phase}` }, wait: 'none' };
  const step = REMEDIATION_STEPS[phase];
  const next = await step.run(ctx);
  if (!step.to.includes(next.phase)) throw new Error(`remediation step ${phase} may not move to ${next.phase}`);
  return next;
}

/** A step failed for good: its compensation (if any), a last notification (best effort), and the run ends failed. */
export async function failRemediationStep(phase: string, ctx: StepContext, error: string): Promise<Transition> {
  const step = hasStep(phase) ? REMEDIATION_STEPS[phase] : undefined;
  const status = step?.onFailure ? await step.onFailure(ctx, error) : undefined;
  await ctx.act.notify(ctx.actionId).catch(() => undefined);
  return { phase: 'done', data: { ...ctx.data, outcome: 'failed', error }, wait: 'none', ...(status ? { status } : {}) };
}

/** Recovery checks run so far, from a run's phase and data (the `verifyAttempts` of the state query). */
export function verifyAttemptsOf(phase: string, data: RunData): number {
  if (data.attempt === undefined) return 0;
  return phase === 'verifying' ? data.attempt : data.attempt + 1;
}

/** The message of an error, or of its cause (a Temporal ActivityFailure wraps the activity's own error). */
export function failureMessage(e: unknown): string {
  const err = e as { message?: unknown; cause?: { message?: unknown } } | null;
  const own = typeof err?.message === 'string' ? err.message : String(e);
  return typeof err?.cause?.message === 'string' ? err.cause.message : own;
}
