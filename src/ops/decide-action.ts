/**
 * Approve or reject, the same path for Slack buttons, the CLI and the API. Deciding an action that is no
 * longer `proposed` changes nothing and returns it as it is (double clicks, retries, a late click after expiry).
 */
import type { Action } from '../core/index.js';
import type { ActionsDeps } from './actions-deps.js';
import type { OpsResult } from './context.js';

export interface DecideRequest {
  actionId: string;
  decision: 'approve' | 'reject';
  user: string;
  reason?: string;
  via: 'slack' | 'cli' | 'api';
}

const forbidden = (message: string): OpsResult<never> => ({ ok: false, error: { code: 'FORBIDDEN', message } });

/** Users who approved so far (an `approval` entry each; the final one is folded into `decidedBy`). */
export function approvalsOf(action: Action): string[] {
  return action.audit.filter((e) => e.event === 'approval').map((e) => e.actor);
}

export async function decideAction(d: ActionsDeps, req: DecideRequest): Promise<OpsResult<Action>> {
  if (req.decision !== 'approve' && req.decision !== 'reject') return { ok: false, error: { code: 'BAD_INPUT', message: '"decision" must be approve or reject' } };
  if (!req.user?.trim()) return { ok: false, error: { code: 'BAD_INPUT', message: '"user" is required' } };
  const action = await d.actions.get(req.actionId);
  if (!action) return { ok: false, error: { code: 'NOT_FOUND', message: `no action with id "${req.actionId}"` } };
  if (action.status !== 'proposed') return { ok: true, value: action };
  if (!(await d.approvers(req.user))) return forbidden(`${req.user} is not an approver (SLACK_APPROVERS)`);
  const at = new Date(d.clock.now()).toISOString();
  const note = `via ${req.via}${req.reason ? `: ${req.reason}` : ''}`;

  if (req.decision === 'reject') {
    const next = await d.actions.transition(action.id, 'proposed', 'rejected', { at, actor: req.user, event: 'rejected', detail: note }, { decidedBy: req.user });
    if (next) await d.driver.signal(action.id, { decision: 'reject', user: req.user });
    return { ok: true, value: next ?? (await d.actions.get(action.id)) ?? action };
  }

  const needed = action.requiredApprovers ?? 1;
  const prior = approvalsOf(action);
  if (action.requiresApproval && req.user === action.proposedBy) return forbidden(`${req.user} proposed this action and may not approve it`);
  if (prior.includes(req.user)) return forbidden(`${req.user} already approved; a second, different approver is required`);
  const approvals = [...prior, req.user];
  await d.actions.appendAudit(action.id, { at, actor: req.user, event: 'approval', detail: `${approvals.length}/${needed} ${note}` });
  if (approvals.length < needed) return { ok: true, value: (await d.actions.get(action.id)) ?? action };
  const next = await d.actions.transition(action.id, 'proposed', 'approved', { at, actor: req.user, event: 'approved', detail: `approved by ${approvals.join(', ')} ${note}` }, { decidedBy: approvals.join(',') });
  if (next) await d.driver.signal(action.id, { decision: 'approve', user: req.user });
  return { ok: true, value: next ?? (await d.actions.get(action.id)) ?? action };
}
