/** Reading the action history: Laplace-smoothed success rates, recent failures and cooldown clocks. */
import type { Action } from '../../core/index.js';
import type { ActionHistory, ActionStats, ActionType } from './types.js';

const SUCCEEDED = new Set(['succeeded']);
const FAILED = new Set(['failed', 'compensated']);

/**
 * The success history kept in the store: finished actions counted per (service, type, fault pattern). Failures
 * created at or after `recentSince` (wall ms) also count as recent. Cooldowns are not derived here: proposals carry
 * wall-clock times while the engine reasons in event time.
 */
export function historyFromActions(actions: readonly Action[], recentSince: number): ActionStats[] {
  const stats = new Map<string, ActionStats>();
  for (const a of actions) {
    const ok = SUCCEEDED.has(a.status);
    const failed = FAILED.has(a.status);
    if (!ok && !failed) continue;
    const faultPattern = a.faultPattern ?? 'unknown';
    const key = `${a.target.service}\u0000${a.type}\u0000${faultPattern}`;
    let s = stats.get(key);
    if (!s) stats.set(key, (s = { service: a.target.service, actionType: a.type, faultPattern, successes: 0, failures: 0, recentFailures: 0 }));
    if (ok) s.successes++;
    else {
      s.failures++;
      if (Date.parse(a.createdAt ?? '') >= recentSince) s.recentFailures++;
    }
  }
  return [...stats.values()];
}

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
