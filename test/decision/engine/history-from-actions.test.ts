// The success history the engine ranks by is derived from finished actions kept in the store.
import { describe, expect, it } from 'vitest';
import type { Action, ActionStatus, ActionType } from '../../../src/core/index.js';
import { historyFromActions, successRate } from '../../../src/decision/engine/index.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);

function action(service: string, type: ActionType, status: ActionStatus, faultPattern: string | undefined, createdAt: number): Action {
  return {
    id: `${service}-${type}-${status}-${createdAt}`, incidentId: 'inc-1', type, target: { service }, params: {}, riskScore: 0.5,
    requiresApproval: false, status, dryRun: true, audit: [], createdAt: new Date(createdAt).toISOString(), ...(faultPattern ? { faultPattern } : {}),
  };
}

describe('historyFromActions', () => {
  const actions = [
    action('cart', 'RESTART', 'succeeded', 'memory-leak', NOW - 3 * DAY),
    action('cart', 'RESTART', 'succeeded', 'memory-leak', NOW - 2 * DAY),
    action('cart', 'RESTART', 'compensated', 'memory-leak', NOW - 3_600_000),
    action('cart', 'RESTART', 'failed', 'cpu-saturation', NOW - 2 * DAY),
    action('cart', 'AUTO_SCALE', 'running', 'cpu-saturation', NOW),
    action('cart', 'ROLLBACK', 'rejected', 'error-burst', NOW),
    action('pay', 'ROLLBACK', 'succeeded', undefined, NOW - DAY),
  ];
  const history = historyFromActions(actions, NOW - DAY);

  it('counts finished outcomes per service, action and fault pattern, and recent failures separately', () => {
    const find = (service: string, type: ActionType, faultPattern: string) => history.find((h) => h.service === service && h.actionType === type && h.faultPattern === faultPattern);
    expect(find('cart', 'RESTART', 'memory-leak')).toMatchObject({ successes: 2, failures: 1, recentFailures: 1 });
    expect(find('cart', 'RESTART', 'cpu-saturation')).toMatchObject({ successes: 0, failures: 1, recentFailures: 0 });
    expect(find('pay', 'ROLLBACK', 'unknown')).toMatchObject({ successes: 1, failures: 0 });
  });

  it('ignores actions that have not finished or were never run', () => {
    expect(history.some((h) => h.actionType === 'AUTO_SCALE' || (h.actionType === 'ROLLBACK' && h.service === 'cart'))).toBe(false);
  });

  it('feeds the Laplace-smoothed success rate', () => {
    expect(successRate(history, 'cart', 'RESTART', 'memory-leak')).toBeCloseTo((2 + 1) / (3 + 2), 10);
    expect(successRate(history, 'cart', 'RESTART', 'error-burst')).toBe(0.5);
  });
});
