/**
 * Remediation without Temporal: runs the step table of `src/core/remediation-machine.ts` (the one the Temporal
 * workflow runs) with the run kept in `remediation_runs`, so a restarted process resumes every run where it
 * stopped. A wait is a wake time in the store (the approval deadline, the next window, a retry's backoff), not a
 * timer in memory; a decision sets the run's signalled flag. A step that crashed half-way runs again; the step
 * functions are idempotent, so nothing is sent twice. Several processes may signal (CLI, API); one runs the worker.
 */
import type { Action, Clock, RemediationDriver, RemediationRun, RemediationRunStore, RemediationWait, Transition } from '../../core/index.js';
import type { ActionStore } from '../../core/index.js';
import { failRemediationStep, failureMessage, isRemediationPhase, retryDelayMs, runRemediationStep, STEP_RETRY, verifyAttemptsOf, type StepContext } from '../../core/index.js';
import type { Logger } from '../../obs/logger.js';
import type { RemediationActivities } from '../activities/create-activities.js';
import type { RemediationTiming } from '../remediation-config.js';

export interface EmbeddedDriverDeps {
  runs: RemediationRunStore;
  actions: ActionStore;
  clock: Clock;
  logger?: Logger;
  /** Absent in processes that only propose and decide (the CLI): their runs are advanced by the server. */
  activities?: RemediationActivities;
}

export interface EmbeddedDriverOptions extends RemediationTiming {
  /** How often the worker looks for due runs (signals from other processes arrive through the store). */
  pollMs?: number;
}

export interface EmbeddedWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every due step now (tests and the simulator call it instead of waiting for the poll). */
  tick(): Promise<number>;
}

function nonRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { nonRetryable?: unknown }).nonRetryable === true;
}

export function createEmbeddedDriver(opts: EmbeddedDriverOptions, deps: EmbeddedDriverDeps): { driver: RemediationDriver; worker: EmbeddedWorker } {
  const { runs, clock } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  /** When the run is due again after a transition that waits `wait`. */
  function wakeAt(wait: RemediationWait, data: Record<string, unknown>, now: number): number {
    if (wait === 'interval') return now + opts.verifyIntervalMs;
    if (wait === 'decision') return Number(data.deadline ?? now);
    return now;
  }

  /** The step's transition; a failure is retried with backoff, and a permanent one (or retries spent) ends the run. */
  async function next(run: RemediationRun, ctx: StepContext, now: number): Promise<Transition | 'retry-later'> {
    let error: unknown;
    try {
      return await runRemediationStep(run.phase, ctx);
    } catch (e) {
      error = e;
    }
    const retries = Number(run.data.retries ?? 0) + 1;
    if (nonRetryable(error) || retries >= STEP_RETRY.maxAttempts) {
      deps.logger?.warn('remediation step failed for good', { actionId: run.actionId, phase: run.phase, retries, error });
      try {
        return await failRemediationStep(run.phase, ctx, failureMessage(error));
      } catch (e) {
        error = e; // the compensation itself failed (store down): try the whole step again later
      }
    }
    const backoffMs = retryDelayMs(retries);
    deps.logger?.warn('remediation step failed, retrying', { actionId: run.actionId, phase: run.phase, retries, backoffMs, error });
    await runs.advance(run.actionId, run.phase, { phase: run.phase, data: { ...run.data, retries }, wakeAt: now + backoffMs });
    return 'retry-later';
  }

  async function stepOnce(actionId: string): Promise<void> {
    const run = await runs.get(actionId);
    if (!run || run.phase === 'done' || !deps.activities) return;
    if (run.signalled) await runs.setSignalled(actionId, false);
    const now = clock.now();
    const ctx: StepContext = { actionId, data: run.data, timing: opts, timedOut: now >= Number(run.data.deadline ?? now), act: deps.activities };
    const t = await next(run, ctx, now);
    if (t === 'retry-later') return;
    // A decision that arrived while an earlier step ran (its signal was consumed by that step) must not wait for
    // the deadline: a run entering the decision wait with its action already decided is due at once.
    const decided = t.wait === 'decision' && (await deps.actions.get(actionId))?.status !== 'proposed';
    await runs.advance(actionId, run.phase, { phase: t.phase, data: { ...t.data, retries: 0 }, wakeAt: decided ? now : wakeAt(t.wait, t.data, now) });
  }

  async function drain(): Promise<number> {
    // A step usually makes the run due again at once (notify → decide → execute), so rounds go on until a
    // round finds nothing due; the cap stops a run that never leaves its phase from spinning.
    let n = 0;
    for (let round = 0; round < 100; round++) {
      again = false;
      const due = await runs.due(clock.now(), 50);
      for (const run of due) await stepOnce(run.actionId);
      n += due.length;
      if (!due.length && !again) break;
    }
    return n;
  }

  function tick(): Promise<number> {
    if (!deps.activities) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    running = drain().finally(() => (running = undefined));
    return running;
  }

  const kick = () => void tick().catch((e: unknown) => deps.logger?.error('remediation worker failed', { error: e }));

  const driver: RemediationDriver = {
    kind: 'embedded',
    async start(action: Action) {
      const now = clock.now();
      const deadline = action.requiresApproval ? Date.parse(action.createdAt ?? '') + opts.approvalTimeoutMs || now + opts.approvalTimeoutMs : now;
      await runs.create({ actionId: action.id, phase: 'notify', data: { requiresApproval: action.requiresApproval, deadline }, wakeAt: now, signalled: false });
      // A decision recorded before the run existed signalled nothing: wake the run for it now.
      if ((await deps.actions.get(action.id))?.status !== 'proposed') await runs.setSignalled(action.id, true);
      if (timer) kick();
    },
    async signal(actionId) {
      await runs.setSignalled(actionId, true);
      if (timer) kick();
    },
    async state(actionId) {
      const run = await runs.get(actionId);
      const action = await deps.actions.get(actionId);
      if (!run || !action) return null;
      return { actionId, phase: isRemediationPhase(run.phase) ? run.phase : 'done', status: action.status, verifyAttempts: verifyAttemptsOf(run.phase, run.data) };
    },
  };

  const worker: EmbeddedWorker = {
    async start() {
      if (timer) return;
      timer = setInterval(kick, opts.pollMs ?? 1000);
      timer.unref();
      kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    tick,
  };
  return { driver, worker };
}
