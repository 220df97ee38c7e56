/**
 * Executor over the simulator (`Simulation.applyAction`): the change takes effect from the next simulated
 * minute. Applied action ids are remembered, so a retried step does not apply twice.
 */
import type { Action } from '../../core/index.js';
import type { SimAction } from '../../sim/types.js';
import { ExecutorError, type ActionExecutor, type ExecOutcome } from '../../core/executor.js';

export interface SimTarget {
  applyAction(a: SimAction): void;
  /** The minute the next change takes effect (the simulation's current minute + 1). */
  nextMinute(): number;
}

export function createSimExecutor(sim: SimTarget): ActionExecutor & { applied: string[] } {
  const done = new Map<string, ExecOutcome>();
  const applied: string[] = [];
  return {
    kind: 'simulator',
    applied,
    async apply(action: Action) {
      const seen = done.get(action.id);
      if (seen) return { ...seen, alreadyApplied: true, requests: [] };
      if (action.type === 'ALERT' || action.type === 'MANUAL') {
        return { detail: `${action.type}: nothing to execute`, undo: { kind: 'none', why: 'not mutating' }, alreadyApplied: false, requests: [] };
      }
      const atMinute = sim.nextMinute();
      try {
        sim.applyAction({ type: action.type, service: action.target.service, atMinute, params: action.params } as SimAction);
      } catch (e) {
        // The simulator refuses what cannot be done (a RATE_LIMIT on a database): permanent, never retried.
        throw new ExecutorError(`simulator refused ${action.type} on ${action.target.service}: ${(e as Error).message}`, false, 'BAD_TARGET', { cause: e });
      }
      applied.push(action.id);
      const out: ExecOutcome = { detail: `simulator: ${action.type} ${action.target.service} from minute ${atMinute}`, undo: { kind: 'none', why: 'the simulator keeps applied remediations' }, alreadyApplied: false, requests: [] };
      done.set(action.id, out);
      return out;
    },
    async revert(_action, undo) {
      return { detail: `simulator: nothing to revert (${undo.kind})`, undo, alreadyApplied: false, requests: [] };
    },
  };
}
