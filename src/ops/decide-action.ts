/**
 * Approve or reject, the same path for Slack buttons, the CLI and the API. The decision is taken inside the
 * store's atomic `update` (row lock + compare-and-set), so two deciders at once give exactly one transition.
 * Outcomes: a repeat of one's own decision changes nothing and returns the action (double clicks, retries);
 * any other decision on an action that is no longer `proposed` is a CONFLICT carrying the current action; a
 * refused decision (not an approver, the proposer, a conflict) is written to the action's audit trail.
 */
import type { Action, ActionUpdate, AuditEntry } from '../core/index.js';
import type { ActionsDeps } from './actions-deps.js';
import type { OpsError, OpsResult } from './context.js';

export interface DecideRequest {
  actionId: string;
  decision: 'approve' | 'reject';
  /** The decider: the Slack user id, the API credential's identity, or the CLI's `--as`. Never a body field. */
  user: string;
  reason?: string;
  via: 'slack' | 'cli' | 'api' | 'mcp';
  /** Who operated the surface when it is not `user` itself (the CLI: the operating-system user). */
  operator?: string;
}

/** Users who approved so far (an `approval` entry each; the final one is folded into `decidedBy`). */
export function approvalsOf(action: Action): string[] {
  return action.audit.filter((e) => e.event === 'approval').map((e) => e.actor);
}

/** Did `user` already take this decision (so repeating it changes nothing)? */
function repeatsOwn(a: Action, decision: 'approve' | 'reject', user: string): boolean {
  if (decision === 'approve') return approvalsOf(a).includes(user);
  return a.status === 'rejected' && a.decidedBy === user;
}

type Verdict = { write: ActionUpdate | null; error?: OpsError };

/** Pure: what this decision does to the action as stored now. */
export function judgeDecision(a: Action, req: DecideRequest, isApprover: boolean, at: string): Verdict {
  const note = `via ${req.via}${req.operator ? ` (operator ${req.operator})` : ''}${req.reason ? `: ${req.reason}` : ''}`;
  const refuse = (code: 'FORBIDDEN' | 'CONFLICT', message: string): Verdict => ({
    write: { audit: [{ at, actor: req.user, event: 'refused', detail: `${req.decision} refused (${code}): ${message} ${note}` }] },
    error: { code, message, ...(code === 'CONFLICT' ? { current: a } : {}) },
  });
  if (!isApprover) return refuse('FORBIDDEN', `${req.user} is not an approver (SLACK_APPROVERS)`);
  if (repeatsOwn(a, req.decision, req.user)) return { write: null };
  if (a.status !== 'proposed') return refuse('CONFLICT', `action is already ${a.status}${a.decidedBy ? ` (decided by ${a.decidedBy})` : ''}; nothing was changed`);
  if (req.decision === 'reject') {
    return { write: { audit: [{ at, actor: req.user, event: 'rejected', detail: note }], status: 'rejected', decidedBy: req.user } };
  }
  if (a.requiresApproval && req.user === a.proposedBy) return refuse('FORBIDDEN', `${req.user} proposed this action and may not approve it`);
  const needed = a.requiredApprovers ?? 1;
  const approvals = [...approvalsOf(a), req.user];
  const approval: AuditEntry = { at, actor: req.user, event: 'approval', detail: `${approvals.length}/${needed} ${note}` };
  if (approvals.length < needed) return { write: { audit: [approval] } };
  return { write: { audit: [approval, { at, actor: req.user, event: 'approved', detail: `approved by ${approvals.join(', ')} ${note}` }], status: 'approved', decidedBy: approvals.join(',') } };
}

export async function decideAction(d: ActionsDeps, req: DecideRequest): Promise<OpsResult<Action>> {
  if (req.decision !== 'approve' && req.decision !== 'reject') return { ok: false, error: { code: 'BAD_INPUT', message: '"decision" must be approve or reject' } };
  if (!req.user?.trim()) return { ok: false, error: { code: 'BAD_INPUT', message: '"user" is required' } };
  // Group membership may need a Slack call: resolved before the row is locked.
  const isApprover = await d.approvers(req.user);
  const at = new Date(d.clock.now()).toISOString();
  let verdict: Verdict = { write: null };
  const r = await d.actions.update(req.actionId, (current) => (verdict = judgeDecision(current, req, isApprover, at)).write);
  if (!r) return { ok: false, error: { code: 'NOT_FOUND', message: `no action with id "${req.actionId}"` } };
  if (verdict.error) return { ok: false, error: verdict.error };
  if (verdict.write?.status) await d.driver.signal(r.action.id, { decision: req.decision, user: req.user });
  return { ok: true, value: r.action };
}
