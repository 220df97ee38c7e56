/** Reading the action history: Laplace-smoothed success rates, recent failures and cooldown clocks. */
import type { ActionHistory, ActionType } from './types.js';

/**
 * (successes + 1) / (successes + failures + 2) of `type` on `service` for `faultPattern`: 0.5 with no history,
 * so an untried action neither beats nor loses to one with a single success as much as a raw ratio would.
 */
export function successRate(history: ActionHistory, service: string, type: ActionType, faultPattern: string): number {
  let successes = 0;
  let failures = 0;
  for (const h of history) {
    if (h.service !== service || h.actionType !== type || h.faultPattern !== faultPattern) continue;
    successes += h.successes;
    failures += h.failures;
  }
  return (successes + 1) / (successes + failures + 2);
}

/** Recent failures of `type` on `service`, over every fault pattern (the risk factor is per service and type). */
export function recentFailures(history: ActionHistory, service: string, type: ActionType): number {
  let n = 0;
  for (const h of history) if (h.service === service && h.actionType === type) n += Math.max(0, h.recentFailures);
  return n;
}

/** Latest proposal of `type` on `service`, any fault pattern; null when never proposed. */
export function lastProposedAt(history: ActionHistory, service: string, type: ActionType): number | null {
  let last: number | null = null;
  for (const h of history) {
    if (h.service !== service || h.actionType !== type || h.lastProposedAt === undefined) continue;
    if (last === null || h.lastProposedAt > last) last = h.lastProposedAt;
  }
  return last;
}
