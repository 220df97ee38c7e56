/**
 * One step of the embedded state machine: runs the step function of the run's phase and says where the run
 * goes next. The same order as `workflows/remediate.ts`: notify → await decision → execute → verify ×N →
 * finish or compensate, with a notification at every status change.
 */
import type { RemediationRun } from '../../core/index.js';
import type { RemediationActivities } from '../activities/create-activities.js';
import type { UndoPlan } from '../executors/executor.port.js';
import type { RemediationTiming } from '../remediation-config.js';

export interface NextPhase {
  phase: string;
  data: Record<string, unknown>;
  wakeAt: number;
}

export interface StepInput {
  run: RemediationRun;
  now: number;
  act: RemediationActivities;
  timing: RemediationTiming;
}

export async function runStep({ run, now, act, timing }: StepInput): Promise<NextPhase> {
  const id = run.actionId;
  const d = run.data;
  const to = (phase: string, extra: Record<string, unknown> = {}, wakeAt = now): NextPhase => ({ phase, data: { ...d, ...extra, retries: 0 }, wakeAt });
  switch (run.phase) {
    case 'notify':
      await act.notify(id);
      // Due at once: a decision may have arrived before the run got here, and the store already holds it.
      return to('awaiting-decision');
    case 'awaiting-decision': {
      const status = await act.settle(id, now >= Number(d.deadline ?? now));
      if (status === 'proposed') return to('awaiting-decision', {}, Number(d.deadline ?? now));
      await act.notify(id);
      return status === 'approved' ? to('executing') : to('done', { outcome: status });
    }
    case 'executing': {
      const r = await act.execute(id);
      await act.notify(id);
      if (r.status === 'failed') return to('done', { outcome: 'failed' });
      return to('verifying', { undo: r.undo, executedAt: r.executedAt, attempt: 0 }, now + timing.verifyIntervalMs);
    }
    case 'verifying': {
      const attempt = Number(d.attempt ?? 0);
      const v = await act.verify(id, attempt, Number(d.executedAt));
      if (v.recovered) {
        await act.finish(id, 'succeeded', v.detail);
        await act.notify(id);
        return to('done', { outcome: 'succeeded' });
      }
      if (attempt + 1 < timing.verifyWindows) return to('verifying', { attempt: attempt + 1 }, now + timing.verifyIntervalMs);
      await act.finish(id, 'failed', `not recovered after ${timing.verifyWindows} windows: ${v.detail}`);
      await act.notify(id);
      return to('compensating');
    }
    case 'compensating':
      await act.compensate(id, d.undo as UndoPlan);
      await act.notify(id);
      return to('done', { outcome: 'compensated' });
    default:
      return to('done', { outcome: `unknown phase ${run.phase}` });
  }
}
