/**
 * Remediation use cases shared by the HTTP API, the CLI and Slack: propose (risk-scored, guarded), approve or
 * reject (RBAC, two approvers where required, idempotent), list and get. The store holds the truth; the
 * driver (Temporal or embedded) runs the remediation and is only woken here.
 */
import type { Action, ActionStatus } from '../core/index.js';
import type { ActionsDeps } from './actions-deps.js';
import type { OpsResult } from './context.js';

export type { ActionsConfig, ActionsDeps } from './actions-deps.js';
export { proposeAction, type ProposeRequest } from './propose-action.js';
export { decideAction, type DecideRequest } from './decide-action.js';

export async function listActions(d: ActionsDeps, q: { status?: ActionStatus; incidentId?: string; limit?: number }): Promise<Action[]> {
  return d.actions.list({ status: q.status, incidentId: q.incidentId, limit: q.limit ?? 200 });
}

export async function getAction(d: ActionsDeps, id: string): Promise<OpsResult<Action>> {
  const action = await d.actions.get(id);
  return action ? { ok: true, value: action } : { ok: false, error: { code: 'NOT_FOUND', message: `no action with id "${id}"` } };
}
