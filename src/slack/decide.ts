/**
 * Approve / Reject from Slack, on the same path as `aiops approve|reject` and the HTTP API (`actions.decide`,
 * which records the audit entry and is idempotent). Slack adds what only Slack knows: the approver list with
 * user groups, the four-eyes rule for high-risk actions, and one-at-a-time handling per action so a double
 * click reaches `decide` once.
 */
import type { Action, Incident } from '../core/index.js';
import type { OpsResult } from '../ops/context.js';
import { isApprover } from './approvers.js';
import { approvalsSoFar, isHighRisk, proposerOf } from './blocks/action.js';
import type { SlackRuntime } from './runtime.js';
import { tell, type SlackClient } from './slack-io.js';

export interface SlackDecision {
  actionId: string;
  decision: 'approve' | 'reject';
  user: string;
  reason?: string;
  /** The message that carried the buttons, edited afterwards. */
  channel?: string;
  ts?: string;
}

/** Why this user may not take this decision now, or the action when they may. */
export async function checkDecision(rt: SlackRuntime, client: SlackClient, d: SlackDecision): Promise<OpsResult<Action>> {
  const denied = (message: string): OpsResult<Action> => ({ ok: false, error: { code: 'BAD_INPUT', message } });
  if (!rt.deps.actions) return denied('Remediation actions are not configured on this server.');
  if (!(await isApprover(client, rt.cfg.approvers, d.user))) return denied(':no_entry: You are not in SLACK_APPROVERS, so you cannot decide on remediations. Nothing was changed.');
  const found = await rt.deps.actions.get(d.actionId);
  if (!found.ok) return found;
  const a = found.value;
  if (a.status !== 'proposed') return denied(`This action is already *${a.status}*${a.decidedBy ? ` by <@${a.decidedBy}>` : ''}. Nothing was changed.`);
  if (d.decision === 'approve' && approvalsSoFar(a).includes(d.user)) return denied('You already approved this action; it needs a second, different approver.');
  if (d.decision === 'approve' && isHighRisk(a) && proposerOf(a) === d.user) return denied(':no_entry: A high-risk action needs an approver other than the person who proposed it.');
  return found;
}

/**
 * Clicks on one action are handled one after another: a double click then finds the action decided and
 * changes nothing, and two approvers clicking together on a two-approver action both count.
 */
export async function decideFromSlack(rt: SlackRuntime, client: SlackClient, d: SlackDecision): Promise<void> {
  const run = (rt.deciding.get(d.actionId) ?? Promise.resolve()).then(() => decideNow(rt, client, d));
  const tail = run.catch(() => undefined);
  rt.deciding.set(d.actionId, tail);
  try {
    await run;
  } finally {
    if (rt.deciding.get(d.actionId) === tail) rt.deciding.delete(d.actionId);
  }
}

async function decideNow(rt: SlackRuntime, client: SlackClient, d: SlackDecision): Promise<void> {
  const count = (outcome: string) => rt.metrics.decisions.inc({ decision: d.decision, outcome });
  const check = await checkDecision(rt, client, d);
  if (!check.ok) {
    count('denied');
    rt.deps.logger.info('slack decision refused', { actionId: d.actionId, user: d.user, decision: d.decision, reason: check.error.message });
    return tell(client, { user: d.user, channel: d.channel }, check.error.message);
  }
  const r = await rt.deps.actions!.decide({ actionId: d.actionId, decision: d.decision, user: d.user, reason: d.reason, via: 'slack' });
  if (!r.ok) {
    count('failed');
    return tell(client, { user: d.user, channel: d.channel }, `Could not ${d.decision}: ${r.error.message}`);
  }
  count('decided');
  if (d.channel && d.ts) await rt.threads.setAction(d.actionId, { channel: d.channel, ts: d.ts });
  await rt.notifier.actionChanged(r.value, await incidentOf(rt, r.value));
}

async function incidentOf(rt: SlackRuntime, a: Action): Promise<Incident | null> {
  return rt.deps.ops.incidents.get(a.incidentId).catch(() => null);
}
