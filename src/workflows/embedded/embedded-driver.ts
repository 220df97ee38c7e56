/**
 * Remediation without Temporal: the state machine lives in `remediation_runs`, so a restarted process resumes
 * every run where it stopped, and the approval timeout is a wake time in the store, not a timer in memory.
 * A step that crashed half-way runs again; the step functions are idempotent, so nothing is sent twice.
 * Several processes may signal (CLI, API); one process runs the worker.
 */
import type { Action, Clock, RemediationDriver, RemediationRunStore, RemediationState } from '../../core/index.js';
import type { ActionStore } from '../../core/index.js';
import type { Logger } from '../../obs/logger.js';
import type { RemediationActivities } from '../activities/create-activities.js';
import type { RemediationTiming } from '../remediation-config.js';
import { runStep } from './embedded-step.js';

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
  /** Retry backoff of a failed step: initial, doubled each time, capped. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export interface EmbeddedWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every due step now (tests and the simulator call it instead of waiting for the poll). */
  tick(): Promise<number>;
}

const PHASES: Record<string, RemediationState['phase']> = { notify: 'notify', 'awaiting-decision': 'awaiting-decision', executing: 'executing', verifying: 'verifying', compensating: 'compensating', done: 'done' };

function nonRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { nonRetryable?: unknown }).nonRetryable === true;
}

export function createEmbeddedDriver(opts: EmbeddedDriverOptions, deps: EmbeddedDriverDeps): { driver: RemediationDriver; worker: EmbeddedWorker } {
  const { runs, clock } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;

  async function stepOnce(actionId: string): Promise<void> {
    const run = await runs.get(actionId);
    if (!run || run.phase === 'done' || !deps.activities) return;
    if (run.signalled) await runs.setSignalled(actionId, false);
    const now = clock.now();
    try {
      const next = await runStep({ run, now, act: deps.activities, timing: opts });
      await runs.advance(actionId, run.phase, next);
    } catch (e) {
      if (nonRetryable(e)) {
        deps.logger?.warn('remediation step failed for good', { actionId, phase: run.phase, error: e });
        await deps.activities.notify(actionId).catch(() => undefined);
        await runs.advance(actionId, run.phase, { phase: 'done', data: { ...run.data, outcome: 'failed', error: (e as Error).message }, wakeAt: now });
        return;
      }
      const retries = Number(run.data.retries ?? 0) + 1;
      const backoff = Math.min(opts.retryMaxMs ?? 60_000, (opts.retryInitialMs ?? 1000) * 2 ** (retries - 1));
      deps.logger?.warn('remediation step failed, retrying', { actionId, phase: run.phase, retries, backoffMs: backoff, error: e });
      await runs.advance(actionId, run.phase, { phase: run.phase, data: { ...run.data, retries }, wakeAt: now + backoff });
    }
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
      await runs.create({ actionId: action.id, phase: 'notify', data: { deadline }, wakeAt: now, signalled: false });
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
      return { actionId, phase: PHASES[run.phase] ?? 'done', status: action.status, verifyAttempts: Number(run.data.attempt ?? 0) + (run.phase === 'verifying' ? 0 : run.data.attempt === undefined ? 0 : 1) };
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
