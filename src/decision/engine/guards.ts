/**
 * Safety guards as pure checks, shared by the engine (before proposing) and the executor (before running).
 * They only stop mutating actions: an ALERT or a MANUAL step changes nothing and must still reach people.
 */
import { isMutating, type ActionTarget, type ActionType } from './types.js';

export interface GuardContext {
  killSwitch: boolean;
  /** undefined: every namespace is allowed. */
  allowedNamespaces?: readonly string[];
  maxConcurrentActions: number;
  /** Mutating actions already running, plus those accepted earlier in the same pass. */
  active: number;
}

/** Why the action may not go ahead, or null when it may. */
export function guardAction(action: { type: ActionType; target: ActionTarget }, ctx: GuardContext): string | null {
  if (!isMutating(action.type)) return null;
  if (ctx.killSwitch) return 'kill switch is on: no automated remediation';
  const ns = action.target.namespace ?? '';
  if (ctx.allowedNamespaces && !ctx.allowedNamespaces.includes(ns)) {
    return `namespace "${ns}" is not in the allow-list (${ctx.allowedNamespaces.join(', ') || 'empty'})`;
  }
  if (ctx.active >= ctx.maxConcurrentActions) {
    return `at most ${ctx.maxConcurrentActions} concurrent actions (${ctx.active} running or proposed)`;
  }
  return null;
}
