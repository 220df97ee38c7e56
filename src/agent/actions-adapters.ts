/**
 * Adapts the remediation use case (issue 7's `proposeAction(deps, req)` in src/ops) to the agent's
 * `ActionsPort`. The agent can only propose and read; approval happens elsewhere, by a person.
 */
import type { Action, ActionProposal, ActionsPort, ActionTarget, ActionType } from '../core/index.js';

export interface ProposeUseCase {
  propose(req: { incidentId: string; type: ActionType; target: ActionTarget; params?: Record<string, unknown>; proposedBy?: string; reason?: string[]; requireApproval?: boolean }): Promise<{ ok: true; value: Action } | { ok: false; error: { message: string } }>;
  get(id: string): Promise<Action | null>;
}

export function actionsPortFrom(u: ProposeUseCase): ActionsPort {
  return {
    async propose(p: ActionProposal) {
      const r = await u.propose({ incidentId: p.incidentId, type: p.type, target: p.target, params: p.params, proposedBy: `agent (asked by ${p.requestedBy})`, reason: [p.reason], requireApproval: true });
      return r.ok ? { ok: true, action: r.value } : { ok: false, message: r.error.message };
    },
    status: (id) => u.get(id),
  };
}

/** When remediation is not wired: proposals are refused with a message that says so. */
export const noActions: ActionsPort = {
  propose: async () => ({ ok: false, message: 'Remediation actions are not configured in this deployment; describe the fix instead.' }),
  status: async () => null,
};

/** Keeps proposals in memory (evals, tests, `aiops ask` without a database-backed action store). */
export function createMemoryActions(clock: { now(): number }): ActionsPort & { proposals: Action[] } {
  const proposals: Action[] = [];
  return {
    proposals,
    async propose(p) {
      const at = new Date(clock.now()).toISOString();
      const action: Action = {
        id: `act-mem-${proposals.length + 1}`, incidentId: p.incidentId, type: p.type, target: p.target, params: p.params, riskScore: 0.5,
        requiresApproval: true, status: 'proposed', dryRun: true, audit: [{ at, actor: p.requestedBy, event: 'proposed', detail: p.reason }],
      };
      proposals.push(action);
      return { ok: true, action };
    },
    status: async (id) => proposals.find((a) => a.id === id) ?? null,
  };
}
